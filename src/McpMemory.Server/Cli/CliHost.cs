using McpMemory.Core.Identity;
using McpMemory.Server.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace McpMemory.Server.Cli;

/// <summary>Runs a command-line job against the store in this process (forwarding to a running server when one owns the directory).</summary>
internal static class CliHost
{
    public static async Task<int> RunAsync(ServerSettings settings, Func<IServiceProvider, MemoryPrincipal, CancellationToken, Task<int>> job, CancellationToken cancellationToken)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddConfiguration(settings.Configuration);
        builder.Logging.AddStderrLogging(settings.Configuration, LogLevel.Warning);
        builder.Services.AddMcpMemory(settings);
        using var host = builder.Build();
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var principal = host.Services.GetRequiredService<PrincipalDirectory>().Local;
            return await job(host.Services, principal, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }
}
