import ArgumentParser

@main
struct Rematch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rematch",
        abstract: "Match Syncro customers and devices to IT Glue organizations and configurations.",
        discussion: """
            Rematch keeps the matching state in one SQLite file: --state PATH, else $REMATCH_STATE, \
            else $XDG_DATA_HOME/rematch/state.sqlite (~/.local/share/rematch/state.sqlite).
            """,
        version: "0.1.0",
        subcommands: [Demo.self]
    )
}
