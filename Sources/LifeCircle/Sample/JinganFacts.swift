/// Real facts about Jing'an District used by the sample (docs/STANDARDS.md), plus the synthetic
/// choices that place them: each street's band and column in the generated layout, its share of
/// the population and its share of residents aged 60+.
enum JinganFacts {
    /// One street office (街道) or town (镇).
    struct StreetInfo {
        var name: String
        var nameEn: String
        /// The administrative code (real).
        var code: String
        /// Band from south (0) to north (6) and the column's u-range in the band (synthetic layout).
        var band: Int
        var u0: Double
        var u1: Double
        /// Relative population weight (synthetic, not census figures).
        var populationWeight: Double
        /// Share of residents aged 60+ (synthetic; older in the old core).
        var elderShare: Double
    }

    /// Resident population of the district (district government, 2021).
    static let population = 1_057_700
    /// Residents aged 60+ (district government, 2021).
    static let age60plus = 308_000
    /// Area of the district in square metres (about 36.9 km²).
    static let areaSquareMetres = 36.9e6
    /// A point near the middle of the real district, the origin of the local frame.
    static let origin = Position(lon: 121.455, lat: 31.265)

    /// The 14 street offices with their real names and codes; bands south to north:
    /// 0 静安寺/南京西路, 1 曹家渡/江宁路/石门二路 (Suzhou Creek on their north side),
    /// 2 天目西路/北站 (the railway on their north side), 3 芷江西路/宝山路, 4 共和新路/大宁路,
    /// 5 临汾路/彭浦新村, 6 彭浦镇.
    static let streets: [StreetInfo] = [
        StreetInfo(name: "静安寺街道", nameEn: "Jing'an Temple", code: "310106013000", band: 0, u0: 0, u1: 0.5, populationWeight: 4.6, elderShare: 0.35),
        StreetInfo(name: "南京西路街道", nameEn: "West Nanjing Road", code: "310106012000", band: 0, u0: 0.5, u1: 1, populationWeight: 4.0, elderShare: 0.37),
        StreetInfo(name: "曹家渡街道", nameEn: "Caojiadu", code: "310106014000", band: 1, u0: 0, u1: 0.33, populationWeight: 7.0, elderShare: 0.34),
        StreetInfo(name: "江宁路街道", nameEn: "Jiangning Road", code: "310106006000", band: 1, u0: 0.33, u1: 0.68, populationWeight: 6.6, elderShare: 0.34),
        StreetInfo(name: "石门二路街道", nameEn: "Shimen Second Road", code: "310106011000", band: 1, u0: 0.68, u1: 1, populationWeight: 4.2, elderShare: 0.36),
        StreetInfo(name: "天目西路街道", nameEn: "West Tianmu Road", code: "310106015000", band: 2, u0: 0, u1: 0.5, populationWeight: 3.6, elderShare: 0.30),
        StreetInfo(name: "北站街道", nameEn: "Beizhan", code: "310106016000", band: 2, u0: 0.5, u1: 1, populationWeight: 4.2, elderShare: 0.31),
        StreetInfo(name: "芷江西路街道", nameEn: "West Zhijiang Road", code: "310106022000", band: 3, u0: 0, u1: 0.5, populationWeight: 7.6, elderShare: 0.30),
        StreetInfo(name: "宝山路街道", nameEn: "Baoshan Road", code: "310106017000", band: 3, u0: 0.5, u1: 1, populationWeight: 6.0, elderShare: 0.31),
        StreetInfo(name: "共和新路街道", nameEn: "Gonghexin Road", code: "310106018000", band: 4, u0: 0, u1: 0.5, populationWeight: 9.0, elderShare: 0.28),
        StreetInfo(name: "大宁路街道", nameEn: "Daning Road", code: "310106019000", band: 4, u0: 0.5, u1: 1, populationWeight: 8.2, elderShare: 0.23),
        StreetInfo(name: "临汾路街道", nameEn: "Linfen Road", code: "310106021000", band: 5, u0: 0, u1: 0.45, populationWeight: 7.6, elderShare: 0.29),
        StreetInfo(name: "彭浦新村街道", nameEn: "Pengpu Xincun", code: "310106020000", band: 5, u0: 0.45, u1: 1, populationWeight: 11.5, elderShare: 0.31),
        StreetInfo(name: "彭浦镇", nameEn: "Pengpu Town", code: "310106100000", band: 6, u0: 0, u1: 1, populationWeight: 15.9, elderShare: 0.24),
    ]

    /// Real road names of the district (positions in the sample are synthetic), per zone:
    /// east–west roads from south to north, north–south roads from west to east.
    static let southEastWest = ["延安中路", "愚园路", "南京西路", "威海路", "吴江路", "北京西路", "新闸路", "武定路", "康定路", "余姚路", "昌平路", "海防路", "长寿路", "澳门路", "宜昌路", "安远路"]
    static let southNorthSouth = ["万航渡路", "镇宁路", "华山路", "乌鲁木齐北路", "延平路", "常德路", "胶州路", "西康路", "江宁路", "陕西北路", "泰兴路", "石门二路", "茂名北路", "石门一路", "大田路", "成都北路"]
    static let middleEastWest = ["光复路", "南星路", "长安路", "天目西路", "天目中路", "中兴路", "交通路", "海宁路"]
    static let middleNorthSouth = ["乌镇路", "普济路", "恒丰路", "大统路", "梅园路", "裕通路", "共和新路", "晋元路", "西藏北路", "华康路"]
    static let northEastWest = ["中山北路", "中华新路", "芷江西路", "止园路", "洛川中路", "广中西路", "大宁路", "延长中路", "场中路", "灵石路", "汶水路", "阳曲路", "临汾路", "平顺路", "永和路", "岭南路", "保德路", "长临路", "江场西路"]
    static let northNorthSouth = ["沪太路", "万荣路", "运城路", "共和新路", "闻喜路", "平型关路", "三泉路", "宝山路", "柳营路", "广延路", "曲沃路", "安业路", "彭越浦路"]

    /// Bridges over Suzhou Creek and crossings of the railway (real names, synthetic places).
    static let creekBridges = ["昌化路桥", "江宁路桥", "西康路桥", "普济路桥", "新闸路桥", "乌镇路桥", "恒丰路桥", "成都北路桥"]
    static let railCrossings = ["交通路地道", "恒丰路下立交", "共和新路立交", "大统路地道", "中华新路下立交", "西藏北路地道"]
}
