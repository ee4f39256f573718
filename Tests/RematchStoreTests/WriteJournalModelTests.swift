import Foundation
import RematchStore
import RematchSandbox
import Testing

/// The write journal as a pure state machine, against a model of IT Glue that may carry a request out late or never:
/// any interleaving of send, timeout, late landing, kill and rerun ends with each record made exactly once, as long
/// as a request lands within the settling time or not at all.
@Suite("Write journal model")
struct WriteJournalModelTests {
    enum Entry: Equatable { case pending, sent(at: Double), done }

    /// One trial: `subjects` records to create, runs at random moments, each request landing after a random delay
    /// (at most `maxDelay`) or never, the client giving up after `timeout`, and kills at any step.
    static func trial(seed: UInt64, subjects: Int = 6, settle: Double, timeout: Double = 1, maxDelay: Double = 4) -> [Int] {
        var random = SeededGenerator(seed: seed)
        var made = [Int](repeating: 0, count: subjects)
        var landings: [(at: Double, subject: Int)] = []
        var journal = [Entry](repeating: .pending, count: subjects)
        var now = 0.0
        func land(until time: Double) {
            for landing in landings where landing.at <= time { made[landing.subject] += 1 }
            landings.removeAll { $0.at <= time }
        }
        runs: for _ in 0..<40 {
            now += random.upTo(3)  // the next run: at once after a crash, or a while later
            for subject in 0..<subjects where journal[subject] != .done {
                land(until: now)
                if case .sent(let sentAt) = journal[subject] {
                    if made[subject] > 0 {
                        journal[subject] = .done  // found and adopted
                        continue
                    }
                    if case .wait = UnansweredWrite.verdict(sentAt: Date(timeIntervalSince1970: sentAt),
                                                            searchedAt: Date(timeIntervalSince1970: now), settle: settle) { continue }
                }
                journal[subject] = .sent(at: now)
                if random.chance(0.1) { continue runs }  // killed between the journal and the request
                let delay = random.upTo(maxDelay)
                let lost = random.chance(0.2)
                if !lost { landings.append((now + delay, subject)) }
                if random.chance(0.1) { continue runs }  // killed while the request is in flight
                if !lost, delay <= timeout {
                    now += delay
                    land(until: now)
                    journal[subject] = .done  // answered
                } else {
                    now += timeout  // gave up waiting; the request may still land
                }
            }
        }
        // Every request in flight lands; a final run after the settling time finishes what is left.
        now += maxDelay + settle + 1
        land(until: now)
        for subject in 0..<subjects where journal[subject] != .done {
            if made[subject] == 0 { made[subject] += 1 }  // sent again (it can no longer land) and answered
            journal[subject] = .done
        }
        return made
    }

    @Test("any interleaving of send, timeout, late landing, kill and rerun makes each record exactly once")
    func exactlyOnce() {
        for seed in UInt64(1)...3_000 {
            let made = Self.trial(seed: seed, settle: 5)
            #expect(made.allSatisfy { $0 == 1 }, "seed \(seed): \(made)")
            if !made.allSatisfy({ $0 == 1 }) { return }
        }
    }

    @Test("without waiting out the settling time the same interleavings make duplicates (the test can fail)")
    func withoutTheRule() {
        let duplicated = (UInt64(1)...3_000).filter { Self.trial(seed: $0, settle: 0).contains { $0 > 1 } }
        #expect(duplicated.count > 100)
    }

    @Test("the verdict: wait until the settling time has passed since the send, then send again")
    func verdict() {
        let sent = Date(timeIntervalSince1970: 1_000)
        #expect(UnansweredWrite.verdict(sentAt: sent, searchedAt: sent.addingTimeInterval(299), settle: 300)
            == .wait(until: sent.addingTimeInterval(300)))
        #expect(UnansweredWrite.verdict(sentAt: sent, searchedAt: sent.addingTimeInterval(300), settle: 300) == .sendAgain)
        #expect(UnansweredWrite.verdict(sentAt: nil, searchedAt: sent, settle: 300) == .sendAgain, "a journal from before the record")
    }
}

extension SeededGenerator {
    mutating func upTo(_ n: Double) -> Double { Double.random(in: 0..<n, using: &self) }
}
