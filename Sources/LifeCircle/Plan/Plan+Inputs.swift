extension Plan {
    /// What a run over this plan reads: the plan's folder (its `plan.json` and README), every layer
    /// and each category's own facilities layer. No output folder may hold or contain them.
    package var inputPaths: [String] {
        var paths = [folder.isEmpty ? "." : folder]
        let optional: [LayerRef?] = [layers.facilities, layers.candidates]
        for layer in [layers.streets, layers.residents, layers.network] + optional.compactMap({ $0 }) + categories.compactMap(\.facilities) {
            paths.append(layer.path)
        }
        return paths
    }
}
