import Foundation

/// Objects made once per thread and kept for that thread's life (a GEOS context, a PROJ
/// transformer), which must not be shared between threads.
///
/// One process-wide table owns the objects; each thread's `threadDictionary` holds only a token
/// naming its entry. When a thread ends, its dictionary goes and the token's `deinit` takes the
/// thread's object out of the table, freeing it (its C handles with it), so the table never grows
/// as worker threads come and go. Threads still alive when a command ends (Dispatch's workers)
/// would keep theirs to the process's exit; ``releaseAll()``, registered with `atexit` when the
/// table is first used, frees those too, so that a leak checker sees every GEOS and PROJ handle
/// destroyed without the caller doing anything.
package enum PerThreadCache {
    /// The calling thread's object for `key`, made by `make` on first use.
    ///
    /// - Throws: what `make` throws (nothing is stored then).
    /// - Complexity: O(1) dictionary look-ups; `make` runs once per thread and key (again after
    ///   ``releaseAll()``).
    static func value<T: AnyObject>(forKey key: String, make: () throws -> T) rethrows -> T {
        let dictionary = Thread.current.threadDictionary
        let token: Token
        if let existing = dictionary[key] as? Token {
            token = existing
            if let kept = table.object(for: token) as? T { return kept }
        } else {
            token = Token()
            dictionary[key] = token
        }
        let made = try make()
        table.set(made, for: token)
        return made
    }

    /// Frees every thread's objects now (GEOS contexts, PROJ transformers); a thread that asks
    /// again gets new ones.
    ///
    /// Call it only when no other thread is using LifeCircle (e.g. at the end of a command): an
    /// object freed here must not be in use elsewhere.
    /// - Complexity: O(objects), each freed once.
    package static func releaseAll() {
        table.removeAll()
    }

    /// Whether `object` is one the table keeps now (for tests).
    static func keeps(_ object: AnyObject) -> Bool {
        table.contains(object)
    }

    /// A thread dictionary's handle on its entry in the table; unlists the entry when released.
    final class Token {
        deinit {
            PerThreadCache.table.remove(ObjectIdentifier(self))
        }
    }

    /// The table, with ``releaseAll()`` registered to run at the process's exit the first time it
    /// is used, so every GEOS context and PROJ transformer is destroyed without the caller's help.
    static let table: Table = {
        // atexit: 0 on success; on failure the objects stay to the end, as before the table existed.
        _ = atexit { PerThreadCache.releaseAll() }
        return Table()
    }()

    /// The process-wide objects, by token, behind a lock.
    final class Table: @unchecked Sendable {
        // Safety: `objects` is only touched while `lock` is held; objects leave it outside the lock
        // (their deinit may take time and must not run under it).
        private var objects: [ObjectIdentifier: AnyObject] = [:]
        private let lock = NSLock()

        func object(for token: Token) -> AnyObject? {
            lock.lock()
            defer { lock.unlock() }
            return objects[ObjectIdentifier(token)]
        }

        func set(_ object: AnyObject, for token: Token) {
            lock.lock()
            let old = objects.updateValue(object, forKey: ObjectIdentifier(token))
            lock.unlock()
            withExtendedLifetime(old) {}
        }

        func remove(_ id: ObjectIdentifier) {
            lock.lock()
            let old = objects.removeValue(forKey: id)
            lock.unlock()
            withExtendedLifetime(old) {}
        }

        func removeAll() {
            lock.lock()
            let old = objects
            objects = [:]
            lock.unlock()
            withExtendedLifetime(old) {}
        }

        func contains(_ object: AnyObject) -> Bool {
            lock.lock()
            defer { lock.unlock() }
            return objects.values.contains { $0 === object }
        }
    }
}
