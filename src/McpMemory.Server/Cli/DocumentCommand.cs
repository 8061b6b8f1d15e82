using System.CommandLine;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using McpMemory.Core;
using McpMemory.Core.Documents;
using McpMemory.Core.Episodic;
using McpMemory.Mcp.Documents;
using Microsoft.Extensions.DependencyInjection;

namespace McpMemory.Server.Cli;

/// <summary><c>mcp-memory document add|search</c>: documents from the command line, through the same service as the tools.</summary>
internal static class DocumentCommand
{
    /// <summary>The file types a folder is searched for.</summary>
    private static readonly string[] Extensions = [".md", ".markdown", ".txt"];

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static Command Create() => new("document", "Add documents (text and Markdown files) to the memory and search them, as the document tools do.")
    {
        CreateAdd(),
        CreateSearch(),
    };

    private static Command CreateAdd()
    {
        var paths = new Argument<string[]>("path") { Description = "Files or folders; a folder adds every .md, .markdown and .txt file below it (hidden folders skipped).", Arity = ArgumentArity.OneOrMore };
        var ns = new Option<string?>("--namespace") { Description = "Namespace to add to (default: your default namespace)." };
        var title = new Option<string?>("--title") { Description = "The title (one file only; by default its first heading or file name)." };
        var metadata = new Option<string?>("--metadata") { Description = "Metadata for every document, a JSON object such as '{\"team\":\"infra\"}'." };
        var format = new Option<string?>("--format") { Description = "markdown or text (default: from the file's extension)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object per document (the result of document_add)." };
        var command = new Command(
            "add",
            "Add text and Markdown files as documents: each is cut into chunks that fit the embedding model's window and stored in one piece; its full path is its source. " +
            "Every file is read and checked before anything is stored, so a bad file stores nothing. Adding an unchanged file again changes nothing. Works beside a running server on the same data directory.")
        {
            paths, ns, title, metadata, format, json,
        };
        command.SetAction((parse, ct) =>
        {
            var files = FindFiles(parse.GetValue(paths)!);
            var titleValue = parse.GetValue(title);
            if (titleValue is not null && files.Count != 1)
            {
                throw new McpMemoryException(McpMemoryErrorCodes.InvalidArgument, $"--title names one document, but the paths hold {files.Count} files. Leave it out to title each by its first heading or file name.");
            }

            var metadataValue = ParseMetadata(parse.GetValue(metadata));
            var inputs = files.Select(file => new DocumentInput
            {
                Text = ReadText(file),
                Title = titleValue,
                Source = file,
                Metadata = metadataValue,
                Format = parse.GetValue(format),
            }).ToList();
            return CliHost.RunAsync(CommonOptions.Settings(parse), async (services, principal, token) =>
            {
                var documents = services.GetRequiredService<DocumentMemory>();
                var prepared = inputs.Select((input, i) => documents.Prepare(input, $"'{files[i]}'")).ToList();
                var bar = new TerminalProgress("document add", prepared.Count);
                var clock = Stopwatch.StartNew();
                int created = 0, unchanged = 0, chunks = 0;
                var target = "";
                for (var i = 0; i < prepared.Count; i++)
                {
                    var (written, outcome) = await documents.AddAsync(principal, parse.GetValue(ns), prepared[i], null, token).ConfigureAwait(false);
                    target = written;
                    if (outcome.Created)
                    {
                        created++;
                        chunks += outcome.Document.ChunkCount;
                    }
                    else
                    {
                        unchanged++;
                    }

                    if (parse.GetValue(json))
                    {
                        Console.WriteLine(JsonSerializer.Serialize(new DocumentAddResult(written, DocumentView.From(outcome.Document), outcome.Created), CliJson.Compact));
                    }

                    bar.Suffix = Path.GetFileName(files[i]);
                    bar.Report(i + 1);
                }

                var summary = $"Added {created} documents ({chunks} chunks) to namespace '{target}' in {clock.Elapsed.TotalSeconds:F1} s; {unchanged} were there already, unchanged. " +
                    "They are found by keywords now, and by meaning once the process that owns the store has embedded them.";
                if (parse.GetValue(json))
                {
                    await Console.Error.WriteLineAsync(summary).ConfigureAwait(false);
                }
                else
                {
                    Console.WriteLine(summary);
                }

                return 0;
            }, ct);
        });
        return command;
    }

    private static Command CreateSearch()
    {
        var query = new Argument<string>("query") { Description = "What to look for." };
        var k = new Option<int>("--k") { Description = "How many hits.", DefaultValueFactory = _ => 5 };
        var mode = new Option<string>("--mode") { Description = "hybrid (default), dense or keyword.", DefaultValueFactory = _ => "hybrid" };
        var ns = new Option<string?>("--namespace") { Description = "Namespace to search (default: your default namespace)." };
        var source = new Option<string?>("--source") { Description = "Only documents from this source ('*' at the end matches a prefix)." };
        var expand = new Option<int>("--expand") { Description = "Chunks before and after each hit to show with it (0-10).", DefaultValueFactory = _ => 0 };
        var json = new Option<bool>("--json") { Description = "Print the hits as JSON." };
        var command = new Command("search", "Search the documents, as document_search does; waits until every document is embedded.")
        {
            query, k, mode, ns, source, expand, json,
        };
        command.SetAction((parse, ct) => CliHost.RunAsync(CommonOptions.Settings(parse), async (services, principal, token) =>
        {
            var request = new DocumentSearchQuery
            {
                Text = parse.GetValue(query)!,
                K = parse.GetValue(k),
                Mode = EpisodicMemory.ParseMode(parse.GetValue(mode)),
                Source = parse.GetValue(source),
                Expand = parse.GetValue(expand),
                WaitForEmbeddings = true,
            };
            var (_, hits) = await services.GetRequiredService<DocumentMemory>().SearchAsync(principal, parse.GetValue(ns), request, token).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(hits.Select(DocumentSearchHit.From).ToList(), CliJson.Indented));
                return 0;
            }

            var rank = 0;
            foreach (var hit in hits)
            {
                var chunk = hit.Chunk;
                var headings = chunk.HeadingPath.Count > 0 && chunk.HeadingPath[0] == chunk.Title ? chunk.HeadingPath.Skip(1) : chunk.HeadingPath;
                var path = string.Concat(headings.Select(h => " > " + h));
                Console.WriteLine($"{++rank,3}. [{hit.Score:F4}] {chunk.Title}{path} (chunk {chunk.Index}, characters {chunk.Start}-{chunk.End}){(chunk.Source is null ? "" : " " + chunk.Source)}");
                Console.WriteLine("     " + (hit.Passage?.Text ?? chunk.Text).Trim().ReplaceLineEndings("\n     "));
            }

            if (rank == 0)
            {
                Console.WriteLine("No hits.");
            }

            return 0;
        }, ct));
        return command;
    }

    // Every file named, and the text files below every folder named, in a stable order, each once.
    private static List<string> FindFiles(string[] paths)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            var full = Path.GetFullPath(path);
            if (File.Exists(full))
            {
                files.Add(full);
            }
            else if (Directory.Exists(full))
            {
                var found = Directory.EnumerateFiles(full, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.Hidden | FileAttributes.System, IgnoreInaccessible = false })
                    .Where(f => Extensions.Contains(Path.GetExtension(f).ToLowerInvariant()) && !IsHidden(full, f))
                    .Order(StringComparer.Ordinal)
                    .ToList();
                if (found.Count == 0)
                {
                    throw new McpMemoryException(McpMemoryErrorCodes.InvalidArgument, $"The folder '{full}' holds no .md, .markdown or .txt files; nothing was stored.");
                }

                files.AddRange(found);
            }
            else
            {
                throw new McpMemoryException(McpMemoryErrorCodes.InvalidArgument, $"'{full}' is neither a file nor a folder; nothing was stored.");
            }
        }

        return files.Distinct(StringComparer.Ordinal).ToList();
    }

    // Dot-folders and dot-files below the folder (.git, .obsidian) are not documents.
    private static bool IsHidden(string root, string file) =>
        Path.GetRelativePath(root, file).Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar).Any(part => part.StartsWith('.'));

    private static string ReadText(string file)
    {
        string text;
        try
        {
            var bytes = File.ReadAllBytes(file);
            var bom = bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? Encoding.UTF8.Preamble.Length : 0;
            text = StrictUtf8.GetString(bytes, bom, bytes.Length - bom);
        }
        catch (DecoderFallbackException)
        {
            throw new McpMemoryException(McpMemoryErrorCodes.InvalidArgument, $"'{file}' is not UTF-8 text; convert it to UTF-8 or leave it out. Nothing was stored.");
        }

        if (text.Contains('\0', StringComparison.Ordinal))
        {
            throw new McpMemoryException(McpMemoryErrorCodes.InvalidArgument, $"'{file}' looks binary (it holds NUL characters), not text; leave it out. Nothing was stored.");
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            throw new McpMemoryException(McpMemoryErrorCodes.InvalidArgument, $"'{file}' is empty; leave it out or give it text. Nothing was stored.");
        }

        return text;
    }

    private static JsonElement? ParseMetadata(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new McpMemoryException(McpMemoryErrorCodes.InvalidArgument, $"--metadata is not JSON ({ex.Message}); give an object such as '{{\"team\":\"infra\"}}'.", ex);
        }
    }
}
