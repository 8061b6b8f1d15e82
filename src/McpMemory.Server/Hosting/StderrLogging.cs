using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace McpMemory.Server.Hosting;

/// <summary>Logging for every mode: to stderr only (stdout may carry MCP), levels from <c>Logging:LogLevel</c>.</summary>
internal static class StderrLogging
{
    public static ILoggingBuilder AddStderrLogging(this ILoggingBuilder logging, IConfiguration configuration, LogLevel defaultLevel = LogLevel.Information)
    {
        logging.ClearProviders();
        logging.SetMinimumLevel(defaultLevel);
        logging.AddFilter("Microsoft", LogLevel.Warning);
        logging.AddFilter("ModelContextProtocol", LogLevel.Warning);
        logging.AddConfiguration(configuration.GetSection("Logging"));
        logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });
        logging.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        return logging;
    }
}
