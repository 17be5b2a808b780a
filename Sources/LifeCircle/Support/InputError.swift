/// An error a user can cause and fix: a problem in one of their files or arguments.
///
/// The description names the file, the feature index and key where there is one, and what is
/// wrong, e.g. `residents.geojson: feature 12, "population": negative value -3`.
/// The CLI exits with status 1 on any `UserFacingError`.
public protocol UserFacingError: Error, CustomStringConvertible, Sendable {}

/// One problem found in an input file.
public struct InputError: UserFacingError, Equatable {
    /// How serious a problem is: errors stop the run, warnings are reported and the run goes on.
    public enum Severity: String, Sendable, Comparable {
        case warning
        case error

        public static func < (lhs: Severity, rhs: Severity) -> Bool {
            lhs == .warning && rhs == .error
        }
    }

    /// The file's path as the user gave it (or its name when it came from elsewhere).
    public var file: String
    /// Index of the feature in the file's feature array (0-based), when the problem is in one.
    public var featureIndex: Int?
    /// The property or member key concerned, when there is one.
    public var key: String?
    /// Byte offset in the file, for syntax errors in JSON or OSM data.
    public var byteOffset: Int?
    /// What is wrong, in plain words.
    public var message: String
    public var severity: Severity

    public init(
        file: String, featureIndex: Int? = nil, key: String? = nil, byteOffset: Int? = nil,
        message: String, severity: Severity = .error
    ) {
        self.file = file
        self.featureIndex = featureIndex
        self.key = key
        self.byteOffset = byteOffset
        self.message = message
        self.severity = severity
    }

    public var description: String {
        var place: [String] = []
        if let featureIndex { place.append("feature \(featureIndex)") }
        if let key { place.append("\"\(key)\"") }
        if let byteOffset { place.append("byte \(byteOffset)") }
        let prefix = severity == .warning ? "warning: " : ""
        if place.isEmpty { return "\(prefix)\(file): \(message)" }
        return "\(prefix)\(file): \(place.joined(separator: ", ")): \(message)"
    }
}

/// Several input problems found at once (e.g. by `validate`); thrown when at least one is an error.
public struct InputProblems: UserFacingError {
    public var problems: [InputError]

    public init(_ problems: [InputError]) {
        self.problems = problems
    }

    public var errors: [InputError] { problems.filter { $0.severity == .error } }
    public var warnings: [InputError] { problems.filter { $0.severity == .warning } }

    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}

/// A failure reported by a C library (GEOS, PROJ, zlib), carrying the library's own message.
public struct LibraryError: Error, CustomStringConvertible, Sendable {
    public var library: String
    public var operation: String
    public var message: String

    public init(library: String, operation: String, message: String) {
        self.library = library
        self.operation = operation
        self.message = message
    }

    public var description: String { "\(library) \(operation) failed: \(message)" }
}

/// A file could not be read or written.
public struct FileError: UserFacingError {
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}
