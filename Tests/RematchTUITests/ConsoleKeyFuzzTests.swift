import RematchSandbox
import Testing
@testable import RematchTUI

/// Thousands of random keys and resizes, as a restless or careless hand gives them: the console stays up, every
/// frame fits its size, and no raw control character from the data ever reaches a cell.
@Suite("Console key fuzz", .timeLimit(.minutes(5)))
struct ConsoleKeyFuzzTests {
    static let keys: [Key] = [
        .up, .down, .left, .right, .pageUp, .pageDown, .home, .end, .enter, .escape, .tab, .backTab, .backspace, .delete,
        .resize, .control("T"), .control("S"), .control("C"), .control("L"), .function(1), .function(2), .function(12),
    ] + "jkgGoOwDamcCixrMtsuNLR?/ *123q".map { Key.character($0) } + ["é", "東", "🍕", "\u{1B}", "\u{7}"].map { Key.character($0) }

    @Test("random keys and sizes, tiny ones included: the console stays up and every frame is whole and inert",
          arguments: [UInt64(1), 2, 3])
    func fuzz(seed: UInt64) throws {
        try ConsoleFixture.console { console in
            var random = SeededGenerator(seed: seed)
            var size = (rows: 24, columns: 80)
            console.resize(rows: size.rows, columns: size.columns)
            for step in 0..<2_000 {
                if random.chance(0.03) {
                    size = random.chance(0.3) ? (random.int(0...6), random.int(0...20)) : (random.int(5...70), random.int(10...220))
                    console.resize(rows: size.rows, columns: size.columns)
                }
                // Typed text, the way a filter or a search takes it, now and then.
                let key = random.chance(0.1) ? Key.character(random.pick(Array("abcxyz 0-&"))) : random.pick(Self.keys)
                _ = console.handle(key)
                let screen = console.render(rows: size.rows, columns: size.columns)
                #expect(screen.rows == size.rows && screen.columns == size.columns, "step \(step)")
                let raw = screen.text.unicodeScalars.first { $0.value < 0x20 && $0 != "\n" || (0x7F...0x9F).contains($0.value) }
                #expect(raw == nil, "step \(step) after \(key): a raw control character reached the screen")
                if raw != nil || screen.rows != size.rows { return }
            }
        }
    }
}
