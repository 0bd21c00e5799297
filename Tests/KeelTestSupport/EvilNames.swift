/// Names that break naive SQL generation; every operation must handle them.
public enum EvilNames {
    public static let all: [String] = [
        "a\"; DROP TABLE x; --",
        "Mixed Case",
        "select",
        "naïve_ünïcödé",
        "it's",
        "back\\slash",
        String(repeating: "n", count: 63),
    ]
}
