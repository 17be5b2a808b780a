/// The library's version.
public enum LifeCircleVersion {
    public static let string = "0.1.0"
}
