import ArgumentParser
import Foundation
import RematchConfig
import RematchCore
import RematchHTTP
import SyncroAPI
import ITGlueAPI
import RematchStore
import RematchSync
import RematchTUI

struct ConsoleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console",
        abstract: "Open the matching console on the configured accounts (what `rematch` alone does).",
        discussion: "Keys are listed under ? in the console (and in Sources/RematchTUI/RematchTUI.docc/Keys.md). Without a synced state file, the console syncs first. Esc clears a filter or closes a popup; q quits.")

    @OptionGroup var options: CommonOptions
    @Option(help: "Theme name or file (default, light, high-contrast, mono).") var theme: String?

    func run() async throws {
        var configuration = try options.configuration()
        let chosenTheme: Theme
        do { chosenTheme = try Theme.load(theme ?? configuration.theme ?? "default") } catch { throw Failure(error.message) }
        guard isatty(STDIN_FILENO) != 0, isatty(STDOUT_FILENO) != 0 else {
            throw Failure("The console needs a terminal; for scripts use rematch sync, status, export and the other commands.")
        }
        if (try? configuration.accounts()) == nil {
            // First run: the setup screen.
            let form = SetupForm(path: options.config ?? RematchConfiguration.defaultPath(), existing: configuration)
            guard let saved = await ConsoleApp.setup(form: form, theme: chosenTheme, test: { typed in
                do {
                    let (syncro, itGlue) = await Synchronizer.check(try typed.accounts(), within: .seconds(10))
                    if syncro == nil, itGlue == nil {
                        return ConnectionTestResult(succeeded: true, text: "OK: both connections work. F2 or Ctrl-S saves.")
                    }
                    return ConnectionTestResult(succeeded: false, text: [syncro?.message, itGlue?.message].compactMap { $0 }.joined(separator: " "))
                } catch let error as ConfigurationError {
                    return ConnectionTestResult(succeeded: false, text: error.message)
                } catch {
                    return ConnectionTestResult(succeeded: false, text: "\(error)")
                }
            }) else { return }
            configuration = (try? RematchConfiguration.load(path: options.config)) ?? saved
        }
        let synchronizer = try Synchronizer(accounts: try configuration.accounts())
        let store = try options.store(configuration)
        let settings = configuration
        do {
            try await ConsoleApp.run(store: store, open: { try CommonOptions.workbench(on: store, synchronizer: synchronizer, settings) },
                                     theme: chosenTheme, syncroHost: synchronizer.syncroHost, itGlueHost: synchronizer.itGlueHost,
                                     syncFirst: !((try? store.hasSnapshot()) ?? false))
        } catch {
            throw CommonOptions.failure(error, path: store.path)
        }
    }
}
