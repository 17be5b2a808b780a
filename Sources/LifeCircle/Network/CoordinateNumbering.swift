/// Numbers distinct coordinates (`CoordinateKey`s) 0, 1, 2, … in the order they are first seen,
/// for `WalkNetwork.build`'s one lookup per vertex: an open-addressing table of vertex numbers
/// (linear probing, at most half full) beside the keys in number order, so a lookup hashes two
/// words and compares at most a few keys, with no `Hasher` and no per-entry allocation.
struct CoordinateNumbering {
    /// The key of each number given so far.
    private(set) var keys: [CoordinateKey] = []
    /// The number stored in each slot, or -1 for an empty slot.
    private var slots: [Int32]
    private var shift: Int

    /// A table for up to `capacity` distinct keys without growing.
    init(capacity: Int) {
        var bits = 4
        while (1 << bits) < 2 * max(capacity, 1) { bits += 1 }
        slots = [Int32](repeating: -1, count: 1 << bits)
        shift = 64 - bits
        keys.reserveCapacity(capacity)
    }

    /// How many distinct keys have been numbered.
    var count: Int { keys.count }

    /// The number of `key`, and whether it was given just now (first sight).
    ///
    /// - Complexity: O(1) expected.
    mutating func number(_ key: CoordinateKey) -> (number: Int32, isNew: Bool) {
        if 2 * (keys.count + 1) > slots.count { grow() }
        var i = slot(key)
        let mask = slots.count - 1
        while true {
            let v = slots[i]
            if v < 0 {
                let n = Int32(keys.count)
                slots[i] = n
                keys.append(key)
                return (n, true)
            }
            if keys[Int(v)] == key { return (v, false) }
            i = (i + 1) & mask
        }
    }

    /// The home slot of `key`: the top bits of a multiplicative hash of both words.
    @inline(__always) private func slot(_ key: CoordinateKey) -> Int {
        let h = (key.x &* 0x9E37_79B9_7F4A_7C15) ^ (key.y &* 0xC2B2_AE3D_27D4_EB4F)
        let mixed = (h ^ (h >> 31)) &* 0x94D0_49BB_1331_11EB
        return Int(truncatingIfNeeded: mixed >> UInt64(shift))
    }

    /// Doubles the table and places every number again.
    private mutating func grow() {
        slots = [Int32](repeating: -1, count: 2 * slots.count)
        shift -= 1
        let mask = slots.count - 1
        for (n, key) in keys.enumerated() {
            var i = slot(key)
            while slots[i] >= 0 { i = (i + 1) & mask }
            slots[i] = Int32(n)
        }
    }
}
