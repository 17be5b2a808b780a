import Foundation

/// The process's first ``CoordinateTransformer`` of each (source, target) pair, from which every
/// thread's own transformer is copied (`proj_clone`: well under a millisecond) instead of being
/// built again from PROJ's database (`proj_create_crs_to_crs`: 30–60 ms each, most of it SQL).
///
/// Each template is made once, by whichever thread asks first (a thread asking meanwhile waits
/// for it, ``Once``), or ahead of need on a background thread by ``warmUp(from:to:)``. Copies are
/// made one at a time under the template's lock, so the template is never used by two threads at
/// once. A pair PROJ refuses keeps its error: every thread asking gets the same one. The templates
/// are freed at the process's exit (`atexit`, registered on first use), after any still being made,
/// so a leak checker sees every PROJ handle destroyed.
enum TransformerTemplates {
    /// The calling thread's new transformer from `source` to `target`: a copy of the pair's template
    /// (made now when no thread has started it), or one built from the database when PROJ cannot
    /// copy it.
    /// - Throws: what ``CoordinateTransformer/init(from:to:)`` throws for the pair.
    static func transformer(from source: String, to target: String) throws -> CoordinateTransformer {
        let template = try store.once(source, target).get { try Template(CoordinateTransformer(from: source, to: target)) }
        return try template.copy()
    }

    /// Starts making the template of `source` → `target` on a background thread unless a thread
    /// has already started it, so the first thread to need it finds it made (or being made).
    /// Errors are kept for the threads that ask (none is reported here).
    static func warmUp(from source: String, to target: String) {
        let once = store.once(source, target)
        DispatchQueue.global().async {
            _ = once.makeIfWaiting { try Template(CoordinateTransformer(from: source, to: target)) }
        }
    }

    /// Whether the template of the pair is made (for tests).
    static func isMade(from source: String, to target: String) -> Bool {
        store.once(source, target).isDone
    }

    /// Frees every template (after waiting for any being made); the next request makes it again.
    /// Call it only when no other thread uses LifeCircle (at exit).
    static func releaseAll() {
        store.removeAll()
    }

    /// One template and the lock its copies are made under.
    final class Template: @unchecked Sendable {
        // Safety (why unchecked is sound): `transformer` is only touched while `lock` is held
        // (by `copy`, and by deinit when no thread holds the template any more).
        private let transformer: CoordinateTransformer
        private let lock = NSLock()

        init(_ transformer: CoordinateTransformer) {
            self.transformer = transformer
        }

        /// A transformer of this template's pair for the calling thread.
        func copy() throws -> CoordinateTransformer {
            lock.lock()
            let cloned = CoordinateTransformer(cloning: transformer)
            lock.unlock()
            if let cloned { return cloned }
            return try CoordinateTransformer(from: transformer.source, to: transformer.target)
        }
    }

    /// The templates by pair, with ``releaseAll()`` registered at exit when first used.
    private static let store: Store = {
        // atexit: 0 on success; on failure the templates stay to the end (reachable, not lost).
        _ = atexit { TransformerTemplates.releaseAll() }
        return Store()
    }()

    /// The process-wide table of templates, behind a lock.
    final class Store: @unchecked Sendable {
        // Safety: `entries` is only touched while `lock` is held; templates are waited for and
        // freed outside it.
        private var entries: [String: Once<Template>] = [:]
        private let lock = NSLock()

        /// The pair's slot, added empty on first use.
        func once(_ source: String, _ target: String) -> Once<Template> {
            let key = source + "\u{1}" + target
            lock.lock()
            defer { lock.unlock() }
            if let once = entries[key] { return once }
            let once = Once<Template>()
            entries[key] = once
            return once
        }

        func removeAll() {
            lock.lock()
            let old = entries
            entries = [:]
            lock.unlock()
            // A template still being made (a warm-up) is waited for, then freed with the rest; one
            // never started is settled (with an error) so that a late warm-up makes nothing.
            for once in old.values { _ = try? once.get { throw CancellationError() } }
            withExtendedLifetime(old) {}
        }
    }
}
