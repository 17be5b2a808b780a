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
        /// Reported; the run goes on.
        case warning
        /// Stops the run (exit status 1).
        case error

        /// Warnings order before errors.
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
    /// Whether the problem stops the run (error) or is reported only (warning).
    public var severity: Severity

    /// A problem in `file`, at a feature and key when given.
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

    /// The problem in one line: file, feature, key and message.
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
    /// Every problem found, errors and warnings, in file order.
    public var problems: [InputError]

    /// The problems of one or more files.
    public init(_ problems: [InputError]) {
        self.problems = problems
    }

    /// The problems that stop the run.
    public var errors: [InputError] { problems.filter { $0.severity == .error } }
    /// The problems reported only.
    public var warnings: [InputError] { problems.filter { $0.severity == .warning } }

    /// Every problem, one per line.
    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}

/// A failure reported by a C library (GEOS, PROJ, zlib), carrying the library's own message.
public struct LibraryError: Error, CustomStringConvertible, Sendable {
    /// The C library that failed: GEOS or PROJ.
    public var library: String
    /// What was asked of it (e.g. "union", "transform").
    public var operation: String
    /// The library's own message, or what went wrong.
    public var message: String

    /// A failure of `library` while doing `operation`.
    public init(library: String, operation: String, message: String) {
        self.library = library
        self.operation = operation
        self.message = message
    }

    /// One line: the library, the operation and its message.
    public var description: String { "\(library) \(operation) failed: \(message)" }
}

/// A file could not be read or written.
public struct FileError: UserFacingError {
    /// The file or folder concerned.
    public var path: String
    /// What went wrong, in plain words.
    public var message: String

    /// A failure on `path`.
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    /// One line: the path and what went wrong.
    public var description: String { "\(path): \(message)" }
}
