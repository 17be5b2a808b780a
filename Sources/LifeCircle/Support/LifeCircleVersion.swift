/// The library's version.
package enum LifeCircleVersion {
    package static let string = "0.1.0"
}
