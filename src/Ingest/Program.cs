using SocialEconomy.Ingest;

return await IngestCli.Build(Console.Out, Console.Error).Parse(args).InvokeAsync();
