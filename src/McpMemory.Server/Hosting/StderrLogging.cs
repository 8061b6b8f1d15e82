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
        // A failed start is reported once, as a plain message, by the command line; not also as a logged stack trace.
        logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
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
