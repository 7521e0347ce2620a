using ReplyX.Rollout.Cli;

return await RolloutCommandLine.Build().Parse(args).InvokeAsync();
