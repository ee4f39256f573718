import RematchCore
import Testing
@testable import RematchTUI

@Suite("Screen buffer")
struct ScreenBufferTests {
    @Test("wide characters take two cells; a cut wide character becomes blanks")
    func wide() {
        var buffer = ScreenBuffer(rows: 1, columns: 10)
        #expect(buffer.put("東京ab", row: 0, column: 0) == 6)
        #expect(buffer.lines == ["東京ab"])
        buffer.put("|", row: 0, column: 1)  // lands on the second half of 東
        #expect(buffer.lines == [" |京ab"])
        buffer.put("x", row: 0, column: 2)  // the first half of 京
        #expect(buffer.lines == [" |x ab"])
    }

    @Test("text is cut at the limit, never past the edge, with escapes shown inert")
    func limits() {
        var buffer = ScreenBuffer(rows: 2, columns: 6)
        buffer.put("abcdefgh", row: 0, column: 2)
        #expect(buffer.lines[0] == "  abcd")
        buffer.field("\u{1B}[2Jwiped", row: 1, column: 0, width: 6)
        #expect(buffer.lines[1] == "␛[2Jw…")
        #expect(buffer.put("x", row: 5, column: 0) == 0)
    }

    @Test("combining marks join the previous cell")
    func combining() {
        var buffer = ScreenBuffer(rows: 1, columns: 4)
        buffer.put("e\u{0301}a", row: 0, column: 0)
        #expect(buffer.lines == ["e\u{0301}a"])
        #expect(buffer[0, 1].text == "a")
    }
}
