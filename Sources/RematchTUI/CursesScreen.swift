@preconcurrency import CNcursesw
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The only code that calls curses: draws a `ScreenBuffer` and reads keys. Use from one thread.
final class CursesScreen {
    private var pairs: [StyleRole: (attrs: attr_t, pair: Int32)] = [:]
    private var fastErrors = 0
    let theme: Theme

    init(theme requested: Theme) {
        setlocale(LC_ALL, "")
        _ = initscr()
        _ = cbreak()
        Self.turnOffFlowControl()
        _ = noecho()
        _ = nonl()
        _ = keypad(cnc_stdscr(), true)
        _ = set_escdelay(25)
        _ = curs_set(0)
        wtimeout(cnc_stdscr(), 50)
        let colour = has_colors() && requested.usesColor && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        theme = colour ? requested : .mono
        if colour {
            _ = start_color()
            _ = use_default_colors()
        }
        for role in StyleRole.allCases {
            let style = theme[role]
            var attrs = cnc_a_normal()
            if style.bold { attrs |= cnc_a_bold() }
            if style.underline { attrs |= cnc_a_underline() }
            if style.reverse { attrs |= cnc_a_reverse() }
            var pair: Int32 = 0
            if colour {
                let limit = Int(cnc_colors())
                func number(_ color: ThemeColor) -> Int32 {
                    if case .indexed(let index) = color { return Int32(index < limit ? index : index % 8) }
                    return -1
                }
                let foreground = number(style.foreground), background = number(style.background)
                if foreground != -1 || background != -1 { pair = Int32(max(0, alloc_pair(foreground, background))) }
            }
            pairs[role] = (attrs, pair)
        }
    }

    var size: (rows: Int, columns: Int) { (Int(getmaxy(cnc_stdscr())), Int(getmaxx(cnc_stdscr()))) }

    /// Copies the buffer out, a run of same-styled cells at a time; curses sends only what changed.
    func draw(_ buffer: ScreenBuffer) {
        let (rows, columns) = size
        for row in 0..<min(rows, buffer.rows) {
            var column = 0
            while column < min(columns, buffer.columns) {
                let role = buffer[row, column].role
                var text: [wchar_t] = []
                let start = column
                while column < min(columns, buffer.columns), buffer[row, column].role == role {
                    let cell = buffer[row, column]
                    if cell.width > 0 { text += cell.text.unicodeScalars.map { wchar_t(bitPattern: $0.value) } }
                    column += 1
                }
                let style = pairs[role] ?? (cnc_a_normal(), 0)
                // The last cell of the screen is written too: curses may report ERR there after drawing it.
                _ = text.withUnsafeBufferPointer { pointer in
                    cnc_put(Int32(row), Int32(start), pointer.baseAddress, Int32(text.count), style.attrs, style.pair)
                }
            }
        }
        _ = refresh()
    }

    /// The next key, nil after the 50 ms poll. Sets `closed` when stdin has ended (ERR without waiting).
    func readKey() -> (key: Key?, closed: Bool) {
        var value: wint_t = 0
        let started = DispatchTime.now().uptimeNanoseconds
        let result = get_wch(&value)
        if result == ERR {
            let waited = DispatchTime.now().uptimeNanoseconds - started
            fastErrors = waited < 5_000_000 ? fastErrors + 1 : 0
            return (nil, fastErrors > 200)
        }
        fastErrors = 0
        if result == cnc_key_code_yes() {
            switch Int32(value) {
            case KEY_UP: return (.up, false)
            case KEY_DOWN: return (.down, false)
            case KEY_LEFT: return (.left, false)
            case KEY_RIGHT: return (.right, false)
            case KEY_PPAGE: return (.pageUp, false)
            case KEY_NPAGE: return (.pageDown, false)
            case KEY_HOME: return (.home, false)
            case KEY_END: return (.end, false)
            case KEY_BTAB: return (.backTab, false)
            case KEY_BACKSPACE: return (.backspace, false)
            case KEY_DC: return (.delete, false)
            case KEY_ENTER: return (.enter, false)
            case KEY_RESIZE: return (.resize, false)
            case KEY_F0 + 1...KEY_F0 + 12: return (.function(Int(Int32(value) - KEY_F0)), false)
            default: return (nil, false)
            }
        }
        switch value {
        case 27: return (.escape, false)
        case 9: return (.tab, false)
        case 10, 13: return (.enter, false)
        case 8, 127: return (.backspace, false)
        case 0..<32: return (.control(Character(Unicode.Scalar(UInt8(value) + 64))), false)
        default:
            guard let scalar = Unicode.Scalar(UInt32(value)) else { return (nil, false) }
            return (.character(Character(scalar)), false)
        }
    }

    /// Ctrl-S and Ctrl-Q reach the console as keys instead of pausing the terminal (XON/XOFF flow control, on by
    /// default in many terminals, froze the screen on Ctrl-S). Curses restores the shell's modes at the end.
    private static func turnOffFlowControl() {
        var attributes = termios()
        guard tcgetattr(STDIN_FILENO, &attributes) == 0 else { return }
        attributes.c_iflag &= ~tcflag_t(IXON | IXOFF)
        guard tcsetattr(STDIN_FILENO, TCSANOW, &attributes) == 0 else { return }
        _ = def_prog_mode()
    }

    func end() {
        _ = curs_set(1)
        _ = endwin()
    }
}
