import Foundation
import GRDB
import RematchTestSupport
import Testing
@testable import RematchStore

/// The two stores every shared test runs on: an SQLite file and a PostgreSQL database on a real server.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite, postgres
    var testDescription: String { self == .sqlite ? "SQLite" : "PostgreSQL" }
}

/// A fresh, empty state location of a kind, removed by ``TestState/cleanUp()``.
struct TestState {
    let kind: StoreKind
    /// The path or URL to give `StateStore`.
    let location: String

    init(_ kind: StoreKind) throws {
        self.kind = kind
        location = switch kind {
        case .sqlite: temporaryStatePath()
        case .postgres: try TestPostgres.freshDatabase()
        }
    }

    func cleanUp() {
        switch kind {
        case .sqlite: RematchStoreTests.cleanUp(location)
        case .postgres: TestPostgres.dropDatabase(location)
        }
    }

    /// Runs SQL behind the store's back, as another program (a saboteur) would.
    func sabotage(_ sql: String) throws {
        switch kind {
        case .sqlite:
            try DatabaseQueue(path: location).write { try $0.execute(sql: sql) }
        case .postgres:
            try TestPostgres.psql(location, sql)
        }
    }
}
