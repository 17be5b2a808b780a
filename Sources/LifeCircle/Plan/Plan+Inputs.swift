extension Plan {
    /// What a run over this plan reads: the plan's folder (its `plan.json` and README), every layer
    /// and each category's own facilities layer (with a shapefile's sidecar files; a File
    /// Geodatabase is its folder). No output folder may hold or contain them.
    package var inputPaths: [String] {
        var paths = [folder.isEmpty ? "." : folder]
        let optional: [LayerRef?] = [layers.facilities, layers.candidates]
        for layer in [layers.streets, layers.residents, layers.network] + optional.compactMap({ $0 }) + categories.compactMap(\.facilities) {
            paths.append(contentsOf: LayerSource.files(of: layer))
        }
        return paths
    }
}
