SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET standard_conforming_strings = on;
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

ALTER TABLE ONLY public.accounts
    ADD CONSTRAINT accounts_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.api_keys
    ADD CONSTRAINT api_keys_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.audit_log
    ADD CONSTRAINT audit_log_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.dialog_messages
    ADD CONSTRAINT dialog_messages_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.dialogs
    ADD CONSTRAINT dialogs_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.invoices
    ADD CONSTRAINT invoices_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.knowledge_documents
    ADD CONSTRAINT knowledge_documents_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.knowledge_embeddings
    ADD CONSTRAINT knowledge_embeddings_document_id_chunk_no_key UNIQUE (document_id, chunk_no);

ALTER TABLE ONLY public.knowledge_embeddings
    ADD CONSTRAINT knowledge_embeddings_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.webhooks
    ADD CONSTRAINT webhooks_pkey PRIMARY KEY (id);

CREATE INDEX ix_audit_log_account_at ON public.audit_log USING btree (account_id, at DESC);

CREATE INDEX ix_dialog_messages_dialog ON public.dialog_messages USING btree (dialog_id, created_at);

CREATE INDEX ix_dialogs_user_active ON public.dialogs USING btree (user_id, updated_at DESC) WHERE (NOT archived);

CREATE INDEX ix_knowledge_documents_title_trgm ON public.knowledge_documents USING gin (title public.gin_trgm_ops);

CREATE UNIQUE INDEX ux_api_keys_prefix ON public.api_keys USING btree (prefix);

CREATE UNIQUE INDEX ux_users_email_lower ON public.users USING btree (lower(email));
