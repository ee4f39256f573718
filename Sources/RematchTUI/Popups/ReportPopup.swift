import Foundation
import RematchCore
import RematchPresentation
import RematchStore
import RematchSync

/// A read-only report over the list: what the last sync changed (`N`) or the audit log (`L`). ↑↓ j k and the
/// page keys scroll; in the changes `R` previews retiring the configurations of vanished devices; any other key
/// closes.
struct ReportPopup {
    enum Kind: Equatable { case changes, log }

    let kind: Kind
    let title: String
    let lines: [(String, StyleRole)]
    /// Configurations that can be retired, for the footer of the changes.
    let retirable: Int
    /// The box's width for the longest line, worked out once rather than on every frame.
    let width: Int
    var offset = 0

    init(kind: Kind, title: String, lines: [(String, StyleRole)], retirable: Int) {
        self.kind = kind
        self.title = title
        self.lines = lines
        self.retirable = retirable
        width = max(72, (lines.map { TerminalText.width(of: $0.0) }.max() ?? 0) + 4)
    }

    /// The last sync's changes, grouped as `rematch changes` prints them.
    static func changes(_ changes: SyncChanges?, retirable: Int) -> ReportPopup {
        var lines: [(String, StyleRole)] = []
        if let changes {
            let time = DateFormatter.localizedString(from: changes.at, dateStyle: .short, timeStyle: .short)
            lines.append(("Sync of \(time): \(changes.summary)", .accent))
            if changes.isFirstSync { lines.append(("Nothing to compare with: the next sync lists what changes.", .dim)) }
            for section in ChangeSection.sections(of: changes) {
                lines.append(("", .popup))
                lines.append(("\(section.title) (\(section.lines.count))", .accent))
                lines += section.lines.map { ("  " + $0, .popup) }
            }
        } else {
            lines.append(("No sync has finished since this version started keeping changes: s syncs.", .dim))
        }
        return ReportPopup(kind: .changes, title: "What the last sync changed", lines: lines, retirable: retirable)
    }

    /// The newest audit lines first: time, who, what, and the summary of each decision.
    static func log(_ entries: [AuditEntry]) -> ReportPopup {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        var lines: [(String, StyleRole)] = entries.map { entry in
            ("\(formatter.string(from: entry.at))  \(entry.who)  \(entry.action)  \(entry.summary)", .popup)
        }
        if lines.isEmpty { lines = [("No decision has been made in this state file yet.", .dim)] }
        return ReportPopup(kind: .log, title: "Audit log, newest first (rematch log for all of it)", lines: lines, retirable: 0)
    }

    mutating func handle(_ command: Command, area: Rect?) -> PopupResult {
        let last = max(0, lines.count - Self.pageHeight(in: area))
        switch command {
        case .up: offset = max(0, offset - 1)
        case .down: offset = min(last, offset + 1)
        case .pageUp: offset = max(0, offset - Self.pageHeight(in: area))
        case .pageDown: offset = min(last, offset + Self.pageHeight(in: area))
        case .retire where kind == .changes: return .retire
        default: return .close(message: nil)
        }
        return .stay
    }

    func draw(into screen: inout ScreenBuffer, area: Rect) {
        let height = Self.pageHeight(in: area)
        let start = min(offset, max(0, lines.count - height))
        var shown = Array(lines.dropFirst(start).prefix(height))
        let below = lines.count - start - shown.count
        if start > 0 || below > 0 { shown.append(("  … \(below) more below" + (start > 0 ? " (\(start) above)" : ""), .dim)) }
        shown.append(("", .popup))
        var footer = "↑↓ j k PgUp PgDn scroll · any other key closes"
        if kind == .changes, retirable > 0 { footer = "R retire \(Formats.count(retirable, "configuration")) of vanished devices · " + footer }
        shown.append((footer, .dim))
        Box(title: title, lines: shown, width: min(area.width - 2, width)).draw(into: &screen, area: area)
    }

    /// Lines shown at once: the screen less the box, the scroll line, a blank line and the footer.
    private static func pageHeight(in area: Rect?) -> Int { max(1, (area?.height ?? 24) - 7) }
}

extension Console {
    /// `N`: the last sync's changes.
    func showChanges() {
        let changes = try? workbench?.lastSyncChanges()
        popup = .report(ReportPopup.changes(changes ?? nil, retirable: workspace.retirableConfigurations.count))
    }

    /// `L`: the audit log (the newest thousand lines; `rematch log` has them all).
    func showLog() {
        do {
            popup = .report(ReportPopup.log(try workbench?.store.auditLog(limit: 1000) ?? []))
        } catch {
            show("Cannot read the audit log: \(error)", error: true)
        }
    }

    /// `R`: the configurations matched to devices gone from Syncro, however they were matched, listed before
    /// anything is marked Inactive.
    func confirmRetire() {
        let lines = workspace.retirementPreview(vanished: (try? workbench?.lastSyncChanges()) ?? nil)
        guard !lines.isEmpty else {
            popup = nil
            show("No matched configuration belongs to a device gone from Syncro.")
            return
        }
        var shown: [(String, StyleRole)] = lines.map { ($0, .popup) }
        shown.append(("Rematch cannot undo this: set the status back in IT Glue if needed.", .warning))
        popup = .confirm(ConfirmPopup(title: "Mark \(Formats.count(lines.count, "configuration")) Inactive in IT Glue", lines: shown,
                                      action: nil, effects: [.retireConfigurations]))
    }
}
