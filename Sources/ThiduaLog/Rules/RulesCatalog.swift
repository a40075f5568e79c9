/// Chooses the rules a log runs under, by the name its genesis gives.
public struct RulesCatalog: Sendable {
    private var makers: [String: @Sendable () -> any AuthorityRules]

    /// The log layer alone: `thidua-keys/1` and `thidua-keys/2`.
    public static let logLayer = RulesCatalog(makers: [
        KeyRules.v1: { KeyRules(version: 1) }, KeyRules.v2: { KeyRules(version: 2) },
    ])

    /// These rules and others, chosen by `name`.
    public func adding(_ name: String, _ make: @escaping @Sendable () -> any AuthorityRules) -> RulesCatalog {
        var c = self
        c.makers[name] = make
        return c
    }

    public var names: [String] { makers.keys.sorted() }

    /// Fresh rules for a log whose genesis names `name` (nil: `thidua-keys/1`, what a
    /// genesis without `"rules"` always meant).
    public func rules(named name: String?) throws(EntryFault) -> any AuthorityRules {
        let n = name ?? KeyRules.v1
        guard let make = makers[n] else {
            throw EntryFault(
                index: 0, rule: .authority,
                "the genesis names rules \"\(n)\", which this thidua does not know (it knows "
                    + "\(names.joined(separator: ", ")))"
            )
        }
        return make()
    }
}
