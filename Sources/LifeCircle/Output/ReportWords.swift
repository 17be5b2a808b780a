/// Every user-facing string of the report (`report.html`, `report.md`) in both languages, in one
/// place: fixed phrases keyed by ``ReportPhrase``, sentences with numbers as format functions.
///
/// Numbers reach the format functions already formatted (``Format``), so both languages show the same
/// digits; names (streets, categories, facilities) are passed as given and never translated. HTML
/// markup in a phrase (`<em>`, `<br>`) is the report's own; callers escape user text.
enum ReportPhrase: CaseIterable {
    case lifeCircle, summary, targets, method, data
    case districtSummary, streetsMostUncovered, methodAndThresholds
    case category, demand, walk, facilitiesExistingPlannedHTML, facilitiesExistingPlanned, coverageWalkExistingHTML, coverage
    case withPlanned, radiusHTML, radius, uncoveredDemandHTML, uncoveredDemand, uncoveredResidentsHTML, uncoveredResidents
    case uncovered60plusHTML, uncovered60plus, met, below, meeting, belowGoal
    case summaryNote
    case rank, street, covered, uncovered
    case site, newlyCovered, ofThem60plus, streets, nearestFacility
    case proposedNotComputedHTML, proposedNotComputed, proposedNone
    case layer, fileRelative, file, crs, features, content, warningsWhileLoading, fromReadme, filesInFolder, formatsNote
    case allResidents, residents60plus, noneSet, noDemand, noStreetsToMap
    case legendByShare, legendReached, legendUncovered, legendExisting, legendPlanned, legendProposed
    case lifeCircleHeading, streetsByCategory, bindingCategory, notComplete, complete, binding, wouldComplete
    case binding60plus, wouldComplete60plus, none, ofResidentsComplete, ofResidents60plus, streetsByCategoryNote, bindingNote, district
    case chartsInHTML, walkMinutes, shareOfResidentsLowestFirst, shareOfCompleteResidents, coveredShareOfDemand, equality
    case mapZoomIn, mapZoomOut, mapReset, mapStreets, mapLabels
    case placedTogether, jointHeading, jointBefore, jointIndependent, jointJoint, jointGain, residentsColumn
    case jointEachCategory, jointSites, jointSitesAlso, jointStreetsHeading, jointSitesHeading, jointOrder
    case jointAlsoIndependent, jointNewlyComplete, jointCoverageNote, jointStreetsNote, jointSitesNote
    case yes, no, outsideStreets, legendIndependentSite, legendJointSite, legendJointShare, mapInHTML, jointCoverageBefore

    var english: String {
        switch self {
        case .lifeCircle: "Life circle"
        case .summary: "Summary"
        case .targets: "Targets"
        case .method: "Method"
        case .data: "Data"
        case .districtSummary: "District summary"
        case .streetsMostUncovered: "Streets, most uncovered first"
        case .methodAndThresholds: "Method and thresholds"
        case .category: "category"
        case .demand: "demand"
        case .walk: "walk"
        case .facilitiesExistingPlannedHTML: "facilities<br>existing + planned"
        case .facilitiesExistingPlanned: "facilities (existing + planned)"
        case .coverageWalkExistingHTML: "coverage<br>(walk, existing)"
        case .coverage: "coverage"
        case .withPlanned: "with planned"
        case .radiusHTML: "radius<br>(straight line)"
        case .radius: "radius"
        case .uncoveredDemandHTML: "uncovered<br>demand"
        case .uncoveredDemand: "uncovered demand"
        case .uncoveredResidentsHTML: "uncovered<br>residents"
        case .uncoveredResidents: "uncovered residents"
        case .uncovered60plusHTML: "uncovered<br>60+"
        case .uncovered60plus: "uncovered 60+"
        case .met: "met"
        case .below: "below"
        case .meeting: "meeting"
        case .belowGoal: "below"
        case .summaryNote: "The bar marks the goal. <em>With planned</em> counts this year's planned facilities too; <em>radius</em> draws a straight circle of speed × minutes and overstates access."
        case .rank: "rank"
        case .street: "street"
        case .covered: "covered"
        case .uncovered: "uncovered"
        case .site: "site"
        case .newlyCovered: "newly covered"
        case .ofThem60plus: "of them 60+"
        case .streets: "streets"
        case .nearestFacility: "nearest facility"
        case .proposedNotComputedHTML: "Proposed sites: not computed (run <code>lifecircle propose</code>)."
        case .proposedNotComputed: "Proposed sites: not computed (run `lifecircle propose`)."
        case .proposedNone: "Proposed sites: none."
        case .layer: "layer"
        case .fileRelative: "file (relative to the plan)"
        case .file: "file"
        case .crs: "CRS"
        case .features: "features"
        case .content: "content"
        case .warningsWhileLoading: "Warnings while loading:"
        case .fromReadme: "From the plan's README"
        case .filesInFolder: "Files in this folder"
        case .formatsNote: "Layers are GeoJSON in WGS84 (RFC 7946); CSV files are UTF-8 with a byte-order mark."
        case .allResidents: "all residents"
        case .residents60plus: "residents aged 60+"
        case .noneSet: "none set"
        case .noDemand: "no demand"
        case .noStreetsToMap: "No streets or residents to map."
        case .legendByShare: "streets by uncovered share of demand"
        case .legendReached: "reached network"
        case .legendUncovered: "uncovered residents"
        case .legendExisting: "existing facility"
        case .legendPlanned: "planned"
        case .legendProposed: "proposed site (rank)"
        case .lifeCircleHeading: "The whole life circle"
        case .streetsByCategory: "Streets by category"
        case .bindingCategory: "Binding category"
        case .notComplete: "not complete"
        case .complete: "complete"
        case .binding: "binding"
        case .wouldComplete: "would complete"
        case .binding60plus: "binding 60+"
        case .wouldComplete60plus: "would complete 60+"
        case .none: "none"
        case .ofResidentsComplete: "of residents live in a complete life circle"
        case .ofResidents60plus: "of residents aged 60+"
        case .streetsByCategoryNote: "Coverage of each category in each street (a 60+ category over residents 60+) and the street's complete share; streets ranked by residents outside a complete life circle, most first; the last row is the whole district."
        case .district: "District"
        case .bindingNote: "The binding category of a street is the essential category that, if it alone reached everyone, would bring the most residents into a complete life circle; “would complete” counts them (ties go to the earlier category; – when no single category would)."
        case .chartsInHTML: "The charts are in report.html."
        case .walkMinutes: "walk minutes"
        case .shareOfResidentsLowestFirst: "share of residents (streets, lowest first)"
        case .shareOfCompleteResidents: "share of complete residents"
        case .coveredShareOfDemand: "covered share of demand"
        case .equality: "equality"
        case .mapZoomIn: "zoom in"
        case .mapZoomOut: "zoom out"
        case .mapReset: "reset"
        case .mapStreets: "streets"
        case .mapLabels: "labels"
        case .placedTogether: "Placed together"
        case .jointHeading: "This year's targets placed together"
        case .jointBefore: "before"
        case .jointIndependent: "independent"
        case .jointJoint: "joint"
        case .jointGain: "joint − independent"
        case .residentsColumn: "residents"
        case .jointEachCategory: "Each category"
        case .jointSites: "sites"
        case .jointSitesAlso: "same as independent"
        case .jointStreetsHeading: "Streets, largest gain from placing together first"
        case .jointSitesHeading: "The joint sites"
        case .jointOrder: "order"
        case .jointAlsoIndependent: "also independent"
        case .jointNewlyComplete: "newly complete"
        case .jointCoverageNote: "Sites: new sites placed (at most the target's). Coverage is the category's own, of its demand, with the planned facilities fixed."
        case .jointStreetsNote: "Share of each street's residents in a complete life circle: before (today's and this year's planned facilities), with each category's target placed on its own, and with the targets placed together; the last column counts the residents placing together adds (negative: loses) in the street. Streets with the largest gain first, ties in street order; the last row is the whole district."
        case .jointSitesNote: "Each joint site in the order that credits it with the most: the residents it brings into a complete life circle on top of the fixed facilities and the sites before it (the credits add up to joint − before), and whether the category placed on its own chose it too."
        case .yes: "yes"
        case .no: "no"
        case .outsideStreets: "outside every street"
        case .legendIndependentSite: "independent proposal"
        case .legendJointSite: "joint site (order)"
        case .legendJointShare: "streets by complete share, placed together"
        case .mapInHTML: "The map is in report.html."
        case .jointCoverageBefore: "coverage before"
        }
    }

    var chinese: String {
        switch self {
        case .lifeCircle: "生活圈"
        case .summary: "概览"
        case .targets: "目标"
        case .method: "方法"
        case .data: "数据"
        case .districtSummary: "全区概览"
        case .streetsMostUncovered: "各街道（未覆盖最多者在前）"
        case .methodAndThresholds: "方法与阈值"
        case .category: "类别"
        case .demand: "需求"
        case .walk: "步行"
        case .facilitiesExistingPlannedHTML: "设施<br>现有 + 规划"
        case .facilitiesExistingPlanned: "设施（现有 + 规划）"
        case .coverageWalkExistingHTML: "覆盖率<br>（步行，现有）"
        case .coverage: "覆盖率"
        case .withPlanned: "含规划"
        case .radiusHTML: "半径法<br>（直线）"
        case .radius: "半径法"
        case .uncoveredDemandHTML: "未覆盖<br>需求"
        case .uncoveredDemand: "未覆盖需求"
        case .uncoveredResidentsHTML: "未覆盖<br>居民"
        case .uncoveredResidents: "未覆盖居民"
        case .uncovered60plusHTML: "未覆盖<br>60岁以上"
        case .uncovered60plus: "未覆盖60岁以上"
        case .met: "达标"
        case .below: "未达标"
        case .meeting: "达到"
        case .belowGoal: "低于"
        case .summaryNote: "条形图上的竖线为目标。<em>含规划</em>同时计入本年度规划设施；<em>半径法</em>按速度 × 分钟画直线圆，会高估可达性。"
        case .rank: "排名"
        case .street: "街道"
        case .covered: "已覆盖"
        case .uncovered: "未覆盖"
        case .site: "选址"
        case .newlyCovered: "新增覆盖"
        case .ofThem60plus: "其中60岁以上"
        case .streets: "街道"
        case .nearestFacility: "最近设施"
        case .proposedNotComputedHTML: "建议选址：未计算（运行 <code>lifecircle propose</code>）。"
        case .proposedNotComputed: "建议选址：未计算（运行 `lifecircle propose`）。"
        case .proposedNone: "建议选址：无。"
        case .layer: "图层"
        case .fileRelative: "文件（相对于规划）"
        case .file: "文件"
        case .crs: "坐标系"
        case .features: "要素数"
        case .content: "内容"
        case .warningsWhileLoading: "读取时的警告："
        case .fromReadme: "规划的说明文件（README）"
        case .filesInFolder: "本文件夹中的文件"
        case .formatsNote: "图层为 WGS84 坐标的 GeoJSON（RFC 7946）；CSV 文件为带字节顺序标记的 UTF-8。"
        case .allResidents: "全体居民"
        case .residents60plus: "60岁以上居民"
        case .noneSet: "未设定"
        case .noDemand: "无需求"
        case .noStreetsToMap: "没有可绘制的街道或居民。"
        case .legendByShare: "街道按未覆盖需求比例着色"
        case .legendReached: "可达路网"
        case .legendUncovered: "未覆盖居民"
        case .legendExisting: "现有设施"
        case .legendPlanned: "规划设施"
        case .legendProposed: "建议选址（排名）"
        case .lifeCircleHeading: "完整生活圈"
        case .streetsByCategory: "各街道分类覆盖"
        case .bindingCategory: "制约类别"
        case .notComplete: "未完整"
        case .complete: "完整"
        case .binding: "制约类别"
        case .wouldComplete: "可补全"
        case .binding60plus: "制约类别（60岁以上）"
        case .wouldComplete60plus: "可补全（60岁以上）"
        case .none: "无"
        case .ofResidentsComplete: "的居民生活在完整生活圈内"
        case .ofResidents60plus: "的60岁以上居民"
        case .streetsByCategoryNote: "各街道每一类别的覆盖率（60岁以上类别按60岁以上居民计）及该街道的完整比例；街道按完整生活圈以外的居民数排序，多者在前；最后一行为全区。"
        case .district: "全区"
        case .bindingNote: "街道的制约类别是指：若仅该必需类别覆盖所有人，能使最多居民进入完整生活圈的类别；“可补全”为这些居民的人数（并列时取靠前的类别；没有单一类别能做到时为 –）。"
        case .chartsInHTML: "图表见 report.html。"
        case .walkMinutes: "步行分钟"
        case .shareOfResidentsLowestFirst: "居民比例（街道，由低到高）"
        case .shareOfCompleteResidents: "完整生活圈居民比例"
        case .coveredShareOfDemand: "需求覆盖比例"
        case .equality: "完全均等"
        case .mapZoomIn: "放大"
        case .mapZoomOut: "缩小"
        case .mapReset: "复位"
        case .mapStreets: "街道"
        case .mapLabels: "标注"
        case .placedTogether: "统筹选址"
        case .jointHeading: "本年度目标统筹选址"
        case .jointBefore: "选址前"
        case .jointIndependent: "分别选址"
        case .jointJoint: "统筹选址"
        case .jointGain: "统筹 − 分别"
        case .residentsColumn: "居民"
        case .jointEachCategory: "各类别"
        case .jointSites: "新增点位"
        case .jointSitesAlso: "与分别选址相同"
        case .jointStreetsHeading: "各街道（统筹选址增益最大者在前）"
        case .jointSitesHeading: "统筹选址点位"
        case .jointOrder: "顺序"
        case .jointAlsoIndependent: "分别选址亦选"
        case .jointNewlyComplete: "新增完整"
        case .jointCoverageNote: "新增点位：新设点位数（不超过该类别的目标）。覆盖率为该类别自身需求的覆盖率，规划设施固定。"
        case .jointStreetsNote: "各街道居民中生活在完整生活圈内的比例：选址前（现有及本年度规划设施）、各类别目标分别选址后、各目标统筹选址后；最后一列为统筹选址在该街道多带来的完整居民数（负数为减少）。增益最大的街道在前，并列时按街道顺序；最后一行为全区。"
        case .jointSitesNote: "各统筹选址点位按其贡献从大到小的顺序排列：在固定设施和前面各点位之外，它使多少居民进入完整生活圈（各点贡献之和等于统筹 − 选址前），以及该类别分别选址时是否也选中它。"
        case .yes: "是"
        case .no: "否"
        case .outsideStreets: "不在任何街道内"
        case .legendIndependentSite: "分别选址点位"
        case .legendJointSite: "统筹选址点位（顺序）"
        case .legendJointShare: "街道按统筹选址后的完整比例着色"
        case .mapInHTML: "地图见 report.html。"
        case .jointCoverageBefore: "选址前覆盖率"
        }
    }
}

/// The report's words in one language: ``subscript(_:)`` for phrases, functions for sentences with
/// numbers (given already formatted, so both languages show the same figures).
struct ReportWords: Sendable {
    let language: ReportLanguage

    init(_ language: ReportLanguage) { self.language = language }

    var zh: Bool { language == .chinese }

    subscript(_ p: ReportPhrase) -> String { zh ? p.chinese : p.english }

    /// The `lang` attribute of the HTML page: `zh-CN` in both languages, because the names (streets,
    /// facilities) are Chinese in either and browsers pick the CJK font by it.
    var htmlLang: String { "zh-CN" }

    func lead(plan: String, streets: String, people: String, points: String, goal: String) -> String {
        zh ? "规划 \(plan)：\(streets) 个街道，\(people) 名居民（\(points) 个居民点）。按街道列出各类设施步行可达范围以外的居民，对照 \(goal) 的覆盖目标。除非列名另有说明，数字均为现有设施在步行路网上的结果。"
            : "Plan \(plan): \(streets) streets, \(people) residents in \(points) points. Who is outside a walk of each facility category, street by street, against the \(goal) goal. Figures are for existing facilities on the walk network unless a column says otherwise."
    }

    func minutes(_ m: String) -> String { zh ? "\(m) 分钟" : "\(m) min" }

    func goalColumn(_ goal: String) -> String { zh ? "目标 \(goal)" : "goal \(goal)" }

    /// A category's opening sentence: its walk, speed, distance and demand base.
    func categoryFigures(minutes: String, speed: String, meters: String, demand: String) -> String {
        zh ? "步行 \(minutes) 分钟，速度 \(speed) 米/分钟（\(meters) 米），\(demand)。"
            : "\(minutes) minutes at \(speed) m/min (\(meters) m), \(demand). "
    }

    func existingCover(count: Int, share: String, covered: String, demand: String) -> String {
        zh ? "现有设施（\(count) 处）覆盖 <strong>\(share)</strong>（\(demand) 中的 \(covered)），"
            : "Existing facilities (\(count)) cover <strong>\(share)</strong> (\(covered) of \(demand)), "
    }

    func theGoal(_ goal: String) -> String { zh ? " \(goal) 的目标；" : " the \(goal) goal; " }

    func withPlannedAndRadius(planned: Int, withPlanned: String, radius: String) -> String {
        zh ? "加上 \(planned) 处规划设施为 \(withPlanned)；直线半径法会算作 \(radius)。"
            : "with the \(planned) planned: \(withPlanned); a straight-line radius would claim \(radius). "
    }

    func outsideWalk(residents: String, elder: String) -> String {
        zh ? "步行范围以外：\(residents) 名居民，其中 \(elder) 名60岁以上" : "Outside the walk: \(residents) residents, \(elder) of them aged 60+"
    }

    func unreachable(_ n: String) -> String { zh ? "（\(n) 的需求无法到达任何道路）" : " (\(n) demand cannot reach any path)" }

    var sentenceEnd: String { zh ? "。" : "." }

    func offNetwork(_ list: String) -> String { zh ? "离所有道路过远、不计入的设施：\(list)。" : "Facilities too far from every path to count: \(list)." }

    func outsidePoints(_ n: Int) -> String {
        zh ? "\(n) 个居民点不在任何街道内；它们计入全区数字。" : "\(n) resident points lie in no street; they count in the district figures."
    }

    func targetsHeading(_ year: String) -> String { zh ? "\(year) 年目标与建议选址" : "\(year) targets and proposed sites" }

    func target(_ text: String) -> String { zh ? "目标：<strong>\(text)</strong>。" : "Target: <strong>\(text)</strong>." }

    func plannedThisYear(_ n: Int, share: String) -> String {
        zh ? "本年度规划 \(n) 处；加上它们覆盖率为 \(share)" : " Planned this year: \(n); with them coverage is \(share)"
    }

    func aimGoal(_ p: String) -> String { zh ? "\(p) 的目标" : "the \(p) goal" }
    func aimTarget(_ p: String) -> String { zh ? "\(p) 的指标" : "the \(p) target" }

    func short(_ n: String, of aim: String) -> String {
        zh ? "，距\(aim)<span class=\"below\">尚差 \(n)</span>。" : ", <span class=\"below\">\(n) short</span> of \(aim)."
    }

    func reaches(_ aim: String) -> String { zh ? "，<span class=\"met\">达到</span>\(aim)。" : ", <span class=\"met\">reaching</span> \(aim)." }


    func streetTitle(_ name: String, uncovered: String?) -> String {
        guard let uncovered else { return "\(name): \(self[.noDemand])" }
        return zh ? "\(name)：未覆盖 \(uncovered)" : "\(name): \(uncovered) uncovered"
    }

    func facilityTitle(name: String, id: String, planned: Bool) -> String {
        zh ? "\(name)（\(id)，\(planned ? "规划" : "现有")）" : "\(name) (\(id), \(planned ? "planned" : "existing"))"
    }

    func proposalTitle(rank: Int, name: String) -> String { zh ? "建议选址 #\(rank)：\(name)" : "proposed #\(rank): \(name)" }

    func mapTitle(_ category: String) -> String {
        zh ? "\(category)：各街道未覆盖比例（现有设施）" : "\(category): uncovered share by street, existing facilities"
    }

    /// The lead-in of a category's links to its tables and layers.
    var layerLinks: String { zh ? "本类别的表格与图层：" : "This category's tables and layers: " }

    /// A category's demand base in words.
    func demand(_ f: ReportFacts) -> String { f.category.demand == .all ? self[.allResidents] : self[.residents60plus] }

    /// A category's target in words: "4 new" or "85% coverage".
    func target(_ f: ReportFacts) -> String {
        switch f.category.target {
        case .count(let n)?: return zh ? "新增 \(n) 处" : "\(n) new"
        case .coverage(let p)?: return zh ? "覆盖率 \(Format.percent(p))" : "\(Format.percent(p)) coverage"
        case nil: return self[.noneSet]
        }
    }

    // MARK: Method and files (Markdown inline syntax: `code`, **bold**)

    /// The method and thresholds, one bullet each.
    func method(_ r: StudyReport) -> [String] {
        let plan = r.study.plan
        let net = r.analysis.prepared.network
        let speed = GeoJSONWriter.plainNumber(plan.walking.speedMetersPerMinute)
        let elder = plan.walking.elderSpeedMetersPerMinute.map(GeoJSONWriter.plainNumber)
        let snap = GeoJSONWriter.plainNumber(plan.walking.maxSnapDistanceMeters)
        let goal = Format.percent(plan.coverageGoal)
        let buffer = GeoJSONWriter.plainNumber(r.serviceAreas.first?.bufferMeters ?? 50)
        let crs = r.analysis.prepared.metricCRS
        let thresholds = r.facts.map { f -> String in
            let m = Format.fixed(f.category.walkMinutes, 0), v = GeoJSONWriter.plainNumber(f.speed), d = Format.integer(f.thresholdMeters)
            return zh ? "`\(f.category.id)` \(m) 分钟 × \(v) 米/分钟 = \(d) 米（\(demand(f))）"
                : "`\(f.category.id)` \(m) min at \(v) m/min = \(d) m (\(demand(f)))"
        }
        if zh {
            return [
                "步行时间 = 路网距离 ÷ 步行速度，加上居民点到接入路网处的直线接入段；总时间不超过该类别的分钟数时，居民点即为**已覆盖**。",
                "步行速度 \(speed) 米/分钟" + (elder.map { "；按60岁以上居民计的类别为 \($0) 米/分钟" } ?? "") + "。",
                "距所有道路超过 \(snap) 米的居民点无法接入路网，计为未覆盖（**不可达**）。",
                "每个类别和情景做一次有界多源搜索（源点为所有计入的设施），到阈值为止。",
                "情景：**现有**设施，以及**含规划**设施（本年度状态为 `planned` 的设施）。除非列名另有说明，地图、街道表和图层均使用现有设施。",
                "**半径法**数字按每个设施周围速度 × 分钟的直线距离计算，不考虑路网；会高估可达性，仅供对比。",
                "覆盖目标：每个类别需求的 \(goal)（本市 2025 年目标）。",
                "服务范围：现有设施阈值内的路网，边在阈值处精确截断；面积为这些线周围 \(buffer) 米的缓冲区。",
                "分析坐标系 `\(crs)`；步行路网 \(net.nodeCount) 个节点、\(net.edgeCount) 条边、\(net.componentCount) 个连通部分。图层以 WGS84 写出（RFC 7946）。",
                "街道按未覆盖需求排序，多者在前（并列时按街道顺序）。",
                "阈值：" + thresholds.joined(separator: "；") + "。",
            ]
        }
        return [
            "Walk time is the network distance ÷ walking speed, plus the straight access legs from a point to where it joins the network; a resident point is **covered** when that total is within the category's minutes.",
            "Walking speed \(speed) m/min" + (elder.map { "; \($0) m/min for categories measured for residents aged 60+" } ?? "") + ".",
            "A point farther than \(snap) m from every path cannot join the network: it counts as uncovered (**unreachable**).",
            "One bounded multi-source search per category and scenario (sources: all facilities that count), stopped at the threshold.",
            "Scenarios: **existing** facilities, and **with planned** facilities (this year's, status `planned`). Maps, street tables and layers use the existing facilities unless a column says otherwise.",
            "**Radius** figures use a straight line of speed × minutes around each facility, ignoring the network; they overstate access and are shown for comparison only.",
            "Coverage goal: \(goal) of each category's demand (the city's target for 2025).",
            "Service areas: the network within the threshold of the existing facilities, edges cut exactly at the threshold; the area is a \(buffer) m buffer around those lines.",
            "Analysis CRS `\(crs)`; walk network of \(net.nodeCount) nodes, \(net.edgeCount) edges and \(net.componentCount) connected parts. Layers are written in WGS84 (RFC 7946).",
            "Streets are ranked by uncovered demand, most first (ties by street order).",
            "Thresholds: " + thresholds.joined(separator: "; ") + ".",
        ]
    }

    var fileGeoPackage: String {
        zh ? "所有图层（含居民点和服务区路网线），带字段说明和 QGIS 样式；用 QGIS 打开同名 .qgs"
            : "every layer (the resident points and service-area lines too) with field descriptions and QGIS styles; open the .qgs of the same name in QGIS"
    }
    var fileStreetGaps: String {
        (zh ? "街道面；每个类别 " : "street polygons; per category ")
            + "`<category>_demand`, `_covered`, `_uncovered`, `_unreachable`, `_coverage`, `_rank`, `_coverage_planned`, `_coverage_radius`"
    }
    var fileResidents: String {
        (zh ? "所有居民点：每个类别 " : "every resident point: per category ")
            + "`<category>_minutes`, `_facility`, `_status`, `_minutes_planned`, `_2sfca`, `_2sfca_gaussian`" + (zh ? "；然后 " : "; then ")
            + "`reached`, `complete`, `lifecircle_minutes`"
    }
    var fileCoverage: String {
        zh ? "所有居民点：到最近设施的步行分钟及设施编号、状态、是否覆盖" : "every resident point: walk minutes to the nearest facility and which one, status, covered"
    }
    var fileUncovered: String { zh ? "步行范围以外的居民点" : "the resident points outside the walk" }
    var fileFacilities: String { zh ? "设施：状态、容量、接入段、服务需求" : "facilities: status, capacity, access leg, demand served" }
    var fileServiceArea: String { zh ? "可达路网线，部分边在阈值处截断" : "reached network lines, partial edges cut at the threshold" }
    var fileServicePolygon: String { zh ? "可达线所覆盖的区域" : "the area the reached lines span" }
    var fileProposalsJoint: String {
        zh ? "统筹选址点位（每个点位与类别一个点）、顺序、新增完整居民、分别选址是否亦选" : "the joint sites (one point per site and category), order, newly complete residents, whether the independent answer chose them too"
    }
    var fileJointStreets: String {
        zh ? "街道面：选址前、分别选址、统筹选址后的完整生活圈居民及比例" : "street polygons: residents in a complete life circle before, independent and joint, and their shares"
    }
    var fileProposals: String { zh ? "建议选址、排名、按街道的新增覆盖需求" : "proposed sites, rank, newly covered demand by street" }

    // MARK: The life-circle section (ReportCircleSection)

    /// "Health (2 min at 80 m/min)".
    func essentialItem(_ name: String, minutes: String, speed: String) -> String {
        zh ? "\(name)（\(minutes) 分钟，\(speed) 米/分钟）" : "\(name) (\(minutes) min at \(speed) m/min)"
    }

    var listSeparator: String { zh ? "、" : ", " }

    func circleHeadline(complete: String, population: String, complete60: String, population60: String, essential: String) -> String {
        zh ? "即 \(population) 名居民中的 \(complete) 名、60岁以上 \(population60) 名中的 \(complete60) 名，其住处在步行范围内能到达每一个必需类别：\(essential)（现有设施，步行路网；60岁以上类别按老年人步速）。"
            : "That is \(complete) of \(population) residents, and \(complete60) of \(population60) aged 60+, whose home reaches every essential category within its walk: \(essential) (existing facilities, network walk; a category for residents 60+ at the elder speed)."
    }

    func circleHeadlineMarkdown(all: String, elder: String) -> String {
        zh ? "**\(all)** 的居民、**\(elder)** 的60岁以上居民生活在完整生活圈内。" : "**\(all)** of residents, **\(elder)** of residents aged 60+, are in a complete life circle."
    }

    func giniComplete(_ g: String) -> String {
        zh ? "各街道完整比例的基尼系数（按居民加权）：\(g)。" : "Gini of the complete share across streets (weighted by residents): \(g). "
    }

    func coverageGini(_ parts: [String]) -> String {
        zh ? "各类别覆盖率在街道间的基尼系数：" + parts.joined(separator: "，") + "。" : "Gini of coverage across streets: " + parts.joined(separator: ", ") + "."
    }

    var lorenzTitle: String { zh ? "各街道完整比例的洛伦兹曲线" : "Lorenz curve of the complete share across streets" }

    func lorenzCaption(gini: String) -> String {
        zh ? "各街道完整比例的洛伦兹曲线：街道按完整比例由低到高排列，横轴为居民比例，纵轴为其所占完整生活圈居民的比例。虚线对角线表示完全均等；基尼系数 \(gini)。"
            : "The Lorenz curve of the complete share across streets: streets sorted from the lowest complete share, the share of residents (x) against the share of all residents in a complete life circle they hold (y). The dashed diagonal is perfect equality; Gini \(gini). "
    }

    var minutesTitle: String { zh ? "各类别覆盖率随步行分钟的变化" : "Coverage over walk minutes, each category" }

    var minutesCaption: String {
        zh ? "若步行时间为 1 至 30 分钟（按各自速度），各类别的覆盖率（需求比例）；竖虚线为该类别自己的阈值。"
            : "Each category's coverage (share of its demand) if its walk were 1 to 30 minutes at its speed; the dashed vertical line marks the category's own threshold."
    }

    // MARK: The placed-together section (ReportJointSection)

    /// The note when the report left placing together out for the plan's size; `command`: the
    /// option and command, as code in the page's markup.
    func jointSkipped(points: String, limit: String, command: String) -> String {
        zh ? "本规划有 \(points) 个居民点，超过报告默认统筹选址的上限（\(limit) 个）：城市规模的统筹求解需数分钟，因此本报告未包含统筹选址。需要时请用 \(command)。"
            : "This plan has \(points) resident points, more than the \(limit) a report places together by default: at city scale the joint solve takes minutes, so this report leaves it out. Ask for it with \(command)."
    }

    /// `command`: the command's name, as code in the page's markup.
    func jointIntro(essential: String, command: String) -> String {
        zh ? "本年度各必需类别的目标统筹选址：规划设施固定，各类别自身的目标仍须达到，使尽可能多的居民生活在完整生活圈内（步行范围内能到达每一个必需类别：\(essential)）。与各类别分别选址（上节）的结果并列，数字与 \(command) 相同。"
            : "This year's targets of the essential categories placed together: the planned facilities fixed and each category's own target still met, so that the most residents end up in a complete life circle (every essential category within its walk: \(essential)). Shown beside each category placed on its own (the section above); the figures are those of \(command)."
    }

    /// The sentence naming the gain of placing together; numbers formatted already.
    func jointGainSentence(gain: String, gain60: String, independent: String, joint: String, zero: Bool) -> String {
        if zero {
            return zh ? "此处统筹选址与分别选址结果相同：完整比例均为 \(joint)。"
                : "Here placing them together gains nothing over placing each on its own: both give \(joint) complete."
        }
        return zh ? "统筹选址比分别选址多使 \(gain) 名居民（其中60岁以上 \(gain60) 名）进入完整生活圈：完整比例由 \(independent) 升至 \(joint)。"
            : "Placing them together brings \(gain) more residents (\(gain60) of them aged 60+) into a complete life circle than placing each category on its own: \(independent) → \(joint) complete."
    }

    func jointOptimality(proven: Bool, bound: String) -> String {
        if proven { return zh ? "该结果已证明为最优。" : "The joint answer is proven optimal." }
        return zh ? "该结果为启发式解：任何选址的完整比例都不超过 \(bound)（上界；搜索有节点预算，每台机器结果相同）。"
            : "The joint answer is heuristic: no choice of sites can exceed \(bound) complete (the upper bound; the search has a node budget, so the answer is the same on every machine)."
    }

    /// A label with a count: "all residents (650)".
    func counted(_ label: String, _ n: String) -> String { zh ? "\(label)（\(n)）" : "\(label) (\(n))" }

    /// Between two sentences of a paragraph.
    var sentenceGap: String { zh ? "" : " " }

    func jointSiteTitle(order: Int, name: String, category: String) -> String {
        zh ? "统筹选址 #\(order)：\(name)（\(category)）" : "joint #\(order): \(name) (\(category))"
    }

    func independentSiteTitle(name: String, category: String) -> String {
        zh ? "分别选址：\(name)（\(category)）" : "independent: \(name) (\(category))"
    }

    var jointMapTitle: String { zh ? "统筹选址：各街道完整比例与点位" : "Placed together: complete share by street, and the sites" }

    // MARK: report.md sentences (Markdown: no HTML markup)

    func leadMarkdown(plan: String, streets: String, people: String, points: String, goal: String) -> String {
        zh ? "规划 \(plan)：\(streets) 个街道，\(people) 名居民（\(points) 个居民点）。覆盖目标 \(goal)。除非列名另有说明，数字均为现有设施在步行路网上的结果。地图见 report.html。"
            : "Plan \(plan): \(streets) streets, \(people) residents in \(points) points. Coverage goal \(goal). Figures are for existing facilities on the walk network unless a column says otherwise. The maps are in report.html."
    }

    func categoryMarkdown(covered share: String, covered: String, demand: String, planned: Int, withPlanned: String, radius: String,
                          residents: String, elder: String) -> String {
        zh ? "现有设施覆盖 \(share)（\(demand) 中的 \(covered)）；加上 \(planned) 处规划设施为 \(withPlanned)；直线半径法会算作 \(radius)。步行范围以外：\(residents) 名居民，其中 \(elder) 名60岁以上。"
            : "Existing facilities cover \(share) (\(covered) of \(demand)); with the \(planned) planned, \(withPlanned); a straight-line radius would claim \(radius). Outside the walk: \(residents) residents, \(elder) of them aged 60+."
    }

    func targetMarkdown(_ text: String) -> String { zh ? "目标：\(text)。" : "Target: \(text)." }

    func shortMarkdown(_ n: String, of aim: String) -> String { zh ? "，距\(aim)尚差 \(n)。" : ", \(n) short of \(aim)." }

    func reachesMarkdown(_ aim: String) -> String { zh ? "，达到\(aim)。" : ", which reaches \(aim)." }
}
