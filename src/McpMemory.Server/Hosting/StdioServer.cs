using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace McpMemory.Server.Hosting;

/// <summary>Serves MCP over stdin/stdout. Stdout carries protocol messages only; every log line goes to stderr.</summary>
internal static class StdioServer
{
    public static async Task<int> RunAsync(ServerSettings settings, CancellationToken cancellationToken)
    {
        var stdio = new DrainingStdio(Console.OpenStandardInput(), Console.OpenStandardOutput());
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { Configuration = null });
        builder.Configuration.AddConfiguration(settings.Configuration);
        builder.Logging.AddStderrLogging(settings.Configuration);
        builder.Services.AddMcpMemory(settings);
        builder.Services.AddMcpServer(options =>
            {
                options.ServerInfo = ServerIdentity.Implementation;
                options.ServerInstructions = ServerIdentity.Instructions;
            })
            .WithStreamServerTransport(stdio.Input, stdio.Output)
            .WithMemoryTools(settings.Toolsets());
        using var host = builder.Build();
        await host.RunAsync(cancellationToken).ConfigureAwait(false);
        return 0;
    }
}
