/// Facts about Jing'an District used by the sample (docs/STANDARDS.md) and the modelling choices
/// that place them. Real: the street names and codes (their polygons are in
/// ``JinganStreetPolygons``, © OpenStreetMap contributors, ODbL 1.0), the population and 60+
/// totals, the parks' names and rough places. Modelled: each street's density class and 60+ share.
enum JinganFacts {
    /// How densely a street is lived in, relative to the others (a modelling choice, not census
    /// figures). A street's share of the district's residents is its area × `weight`; its resident
    /// points are generated at `pointsPerKm2`.
    enum DensityClass: String {
        /// Lilong lanes and old workers' estates packed close (曹家渡, 江宁路, 芷江西路, 宝山路,
        /// 临汾路, 彭浦新村).
        case dense
        /// Housing mixed with shops, offices and the railway station (静安寺, 南京西路, 石门二路,
        /// 天目西路, 北站, 共和新路).
        case mixed
        /// Estates among large parks, green belts and business parks (大宁路, 彭浦镇).
        case open

        /// Relative residents per km².
        var weight: Double {
            switch self {
            case .dense: 3
            case .mixed: 2
            case .open: 1
            }
        }

        /// Resident points generated per km² of built-up block.
        var pointsPerKm2: Double {
            switch self {
            case .dense: 800
            case .mixed: 640
            case .open: 480
            }
        }
    }

    /// One street office (街道) or town (镇).
    struct StreetInfo {
        var name: String
        var nameEn: String
        /// The administrative code (real); the key into ``JinganStreetPolygons``.
        var code: String
        /// Modelled density class.
        var density: DensityClass
        /// Share of residents aged 60+ (modelled; older in the old core).
        var elderShare: Double
    }

    /// Resident population of the district (district government, 2021).
    static let population = 1_057_700
    /// Residents aged 60+ (district government, 2021).
    static let age60plus = 308_000
    /// A point near the middle of the real district, the origin of the local frame.
    static let origin = Position(lon: 121.455, lat: 31.265)

    /// The 14 street offices with their real names and codes, roughly south to north.
    static let streets: [StreetInfo] = [
        StreetInfo(name: "静安寺街道", nameEn: "Jing'an Temple", code: "310106013000", density: .mixed, elderShare: 0.35),
        StreetInfo(name: "南京西路街道", nameEn: "West Nanjing Road", code: "310106012000", density: .mixed, elderShare: 0.37),
        StreetInfo(name: "曹家渡街道", nameEn: "Caojiadu", code: "310106014000", density: .dense, elderShare: 0.34),
        StreetInfo(name: "江宁路街道", nameEn: "Jiangning Road", code: "310106006000", density: .dense, elderShare: 0.34),
        StreetInfo(name: "石门二路街道", nameEn: "Shimen Second Road", code: "310106011000", density: .mixed, elderShare: 0.36),
        StreetInfo(name: "天目西路街道", nameEn: "West Tianmu Road", code: "310106015000", density: .mixed, elderShare: 0.30),
        StreetInfo(name: "北站街道", nameEn: "Beizhan", code: "310106016000", density: .mixed, elderShare: 0.31),
        StreetInfo(name: "芷江西路街道", nameEn: "West Zhijiang Road", code: "310106022000", density: .dense, elderShare: 0.30),
        StreetInfo(name: "宝山路街道", nameEn: "Baoshan Road", code: "310106017000", density: .dense, elderShare: 0.31),
        StreetInfo(name: "共和新路街道", nameEn: "Gonghexin Road", code: "310106018000", density: .mixed, elderShare: 0.28),
        StreetInfo(name: "大宁路街道", nameEn: "Daning Road", code: "310106019000", density: .open, elderShare: 0.23),
        StreetInfo(name: "临汾路街道", nameEn: "Linfen Road", code: "310106021000", density: .dense, elderShare: 0.29),
        StreetInfo(name: "彭浦新村街道", nameEn: "Pengpu Xincun", code: "310106020000", density: .dense, elderShare: 0.31),
        StreetInfo(name: "彭浦镇", nameEn: "Pengpu Town", code: "310106100000", density: .open, elderShare: 0.24),
    ]

    /// A park: real name, approximate real place (longitude, latitude), modelled size.
    struct ParkInfo {
        var name: String
        var centre: Position
        /// Radius of the street-free disc (metres).
        var radius: Double
        /// Radius of the loop path that is not connected to the streets; 0 for none.
        var loopRadius: Double
    }

    /// The parks that hold no streets. 大宁灵石公园 is drawn large enough to leave spots more than
    /// 500 m from every path (residents there are unreachable on purpose).
    static let parks: [ParkInfo] = [
        ParkInfo(name: "静安公园", centre: Position(lon: 121.4418, lat: 31.2245), radius: 120, loopRadius: 45),
        ParkInfo(name: "不夜城绿地", centre: Position(lon: 121.4534, lat: 31.2475), radius: 110, loopRadius: 40),
        ParkInfo(name: "闸北公园", centre: Position(lon: 121.4561, lat: 31.2690), radius: 170, loopRadius: 65),
        ParkInfo(name: "大宁灵石公园", centre: Position(lon: 121.4497, lat: 31.2839), radius: 560, loopRadius: 0),
    ]

    /// Shanghai Railway Station (approximate), where the railway yard is widest.
    static let railwayStation = Position(lon: 121.4535, lat: 31.2507)

    /// Real road names of the district (positions in the sample are synthetic), per zone:
    /// east–west roads from south to north, north–south roads from west to east.
    static let southEastWest = ["延安中路", "愚园路", "南京西路", "威海路", "吴江路", "北京西路", "新闸路", "武定路", "康定路", "余姚路", "昌平路", "海防路", "长寿路", "澳门路", "宜昌路", "安远路"]
    static let southNorthSouth = ["万航渡路", "镇宁路", "华山路", "乌鲁木齐北路", "延平路", "常德路", "胶州路", "西康路", "江宁路", "陕西北路", "泰兴路", "石门二路", "茂名北路", "石门一路", "大田路", "成都北路"]
    static let middleEastWest = ["光复路", "南星路", "长安路", "天目西路", "天目中路", "中兴路", "交通路", "海宁路"]
    static let middleNorthSouth = ["乌镇路", "普济路", "恒丰路", "大统路", "梅园路", "裕通路", "共和新路", "晋元路", "西藏北路", "华康路"]
    static let northEastWest = ["中山北路", "中华新路", "芷江西路", "止园路", "洛川中路", "广中西路", "大宁路", "延长中路", "场中路", "灵石路", "汶水路", "阳曲路", "临汾路", "平顺路", "永和路", "岭南路", "保德路", "长临路", "江场西路"]
    static let northNorthSouth = ["沪太路", "万荣路", "运城路", "共和新路", "闻喜路", "平型关路", "三泉路", "宝山路", "柳营路", "广延路", "曲沃路", "安业路", "彭越浦路"]

    /// Bridges over Suzhou Creek and crossings of the railway, west to east (real names, places
    /// chosen by the generator).
    static let creekBridges = ["江宁路桥", "西康路桥", "普济路桥", "恒丰路桥", "乌镇路桥"]
    static let railCrossings = ["交通路地道", "恒丰路下立交", "大统路地道", "共和新路立交", "梅园路地道", "宝山路下立交"]

    /// Public charging hot spots: name, approximate place (longitude, latitude), chargers.
    static let chargerClusters: [(name: String, centre: Position, count: Int)] = [
        ("不夜城", Position(lon: 121.4535, lat: 31.2475), 18),
        ("大宁音乐广场", Position(lon: 121.4520, lat: 31.2785), 20),
        ("静安寺", Position(lon: 121.4425, lat: 31.2255), 14),
        ("市北高新园区", Position(lon: 121.4310, lat: 31.2920), 22),
        ("南京西路", Position(lon: 121.4555, lat: 31.2285), 12),
        ("彭浦", Position(lon: 121.4390, lat: 31.3115), 10),
    ]
}
