/// The one tolerance with which a distance meets a distance threshold: 1 mm.
///
/// Projected positions carry floating-point noise of about a micrometre (a resident exactly 1,200 m
/// from a facility may come out 1200.000000002 m away after projection), so comparing with `<=`
/// alone would put residents at the same true distance on both sides of a threshold. Every place a
/// distance meets a threshold uses ``within(_:_:)`` instead: the walk threshold of coverage and
/// siting (``NetworkSearch``), the snap limit (``SegmentIndex/snap(_:maxDistance:)``), the
/// straight-line radius (``PointGrid/nearest(to:within:)``) and the service-area cut
/// (``NetworkSearch/reachedPieces()``). A millimetre is far below any surveyed distance and far
/// above the noise, so exact cases count as met and a centimetre more does not.
package enum DistanceTolerance {
    /// The tolerance, metres.
    package static let meters = 0.001

    /// Whether `distance` meets `threshold` (metres): at most `threshold` plus the tolerance.
    @inline(__always)
    package static func within(_ distance: Double, _ threshold: Double) -> Bool {
        distance <= threshold + meters
    }
}
