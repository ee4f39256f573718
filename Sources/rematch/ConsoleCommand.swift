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
        discussion: "Keys are listed under ? in the console and in the README. Without a synced state file, the console syncs first.")

    @OptionGroup var options: CommonOptions
    @Option(help: "Theme name or file (default, light, high-contrast, mono).") var theme: String?

    func run() async throws {
        let configuration = try options.configuration()
        let accounts: Accounts
        do { accounts = try configuration.accounts() } catch {
            throw Failure("\(error.message)\nSet up the accounts in \(RematchConfiguration.defaultPath()) (see README), or try `rematch demo`.")
        }
        let chosenTheme: Theme
        do { chosenTheme = try Theme.load(theme ?? configuration.theme ?? "default") } catch { throw Failure(error.message) }
        let session = try options.session(configuration)
        let synchronizer: Synchronizer
        do { synchronizer = try Synchronizer(accounts: accounts) } catch { throw Failure(error.message) }
        guard isatty(STDIN_FILENO) != 0, isatty(STDOUT_FILENO) != 0 else {
            throw Failure("The console needs a terminal; for scripts use rematch sync, status, export and the other commands.")
        }
        await ConsoleApp.run(session: session, synchronizer: synchronizer, theme: chosenTheme,
                             syncroHost: synchronizer.syncro.transport.endpoint.host,
                             itGlueHost: synchronizer.itGlue.transport.endpoint.host,
                             syncFirst: (try? session.store.loadSnapshot()) == nil)
    }
}
