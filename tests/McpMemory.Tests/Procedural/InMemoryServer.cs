using System.IO.Pipelines;
using McpMemory.Core;
using McpMemory.Server.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpMemory.Tests.Procedural;

/// <summary>
/// The server's real services and tools (<c>AddMcpMemory</c>, <c>WithMemoryTools</c>) hosted in the test process and
/// connected to the SDK's client over in-memory pipes, with the procedural clock replaced so a test can age outcomes.
/// </summary>
internal sealed class InMemoryServer : IAsyncDisposable
{
    private readonly IHost _host;

    private InMemoryServer(IHost host, McpClient client)
    {
        _host = host;
        Client = client;
    }

    public McpClient Client { get; }

    public static async Task<InMemoryServer> StartAsync(string dataDirectory, TimeProvider clock, CancellationToken cancellationToken)
    {
        var settings = ServerSettings.Load(dataDirectory, configFile: null, embeddingModel: null);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { Configuration = null });
        builder.Configuration.AddConfiguration(settings.Configuration);
        builder.Services.AddMcpMemory(settings);
        builder.Services.PostConfigure<McpMemoryOptions>(o => o.Procedural.TimeProvider = clock);
        var toServer = new Pipe();
        var toClient = new Pipe();
        builder.Services.AddMcpServer()
            .WithStreamServerTransport(toServer.Reader.AsStream(), toClient.Writer.AsStream())
            .WithMemoryTools();
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        var client = await McpClient.CreateAsync(new StreamClientTransport(toServer.Writer.AsStream(), toClient.Reader.AsStream()), cancellationToken: cancellationToken);
        return new InMemoryServer(host, client);
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await _host.StopAsync(CancellationToken.None);
        _host.Dispose();
    }
}
