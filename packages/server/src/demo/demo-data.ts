// Flavour for the demo tenant: a city heating group in its heating season, after seeds/000
// (the nine companies, 新阳所, 矿院所, 文化所, the districts 滴道区 and 麻山区). Names and
// addresses are invented.

export type CompanySeed = {
  code: string;
  name: string;
  district: string;
  stations: string[];
  /** Share of premises in rural and remote areas (slower arrival commitments). */
  rural: number;
  remote: number;
  communities: string[];
  villages: string[];
};

export const GROUP_NAME = '示范热力集团';

export const COMPANIES: CompanySeed[] = [
  {
    code: 'shuangsheng',
    name: '双盛公司',
    district: '鸡冠区',
    stations: ['新阳所', '文化路所', '红星所'],
    rural: 0,
    remote: 0,
    communities: ['新阳小区', '双盛家园', '红星小区', '文化路小区', '阳光花园', '学府花园'],
    villages: [],
  },
  {
    code: 'heping',
    name: '和平公司',
    district: '鸡冠区',
    stations: ['和平一所', '和平二所', '和平三所'],
    rural: 0,
    remote: 0,
    communities: ['和平家园', '矿务局小区', '幸福小区', '电业小区', '南山小区', '涌新小区'],
    villages: [],
  },
  {
    code: 'dongfeng',
    name: '东风公司',
    district: '鸡冠区',
    stations: ['东风所', '红旗所', '电厂所'],
    rural: 0.05,
    remote: 0,
    communities: ['东风小区', '红旗小区', '电厂小区', '建设小区', '世纪花园', '园林小区'],
    villages: ['东风村'],
  },
  {
    code: 'fendou',
    name: '奋斗公司',
    district: '恒山区',
    stations: ['文化所', '奋斗所', '山城所'],
    rural: 0.2,
    remote: 0.03,
    communities: ['奋斗小区', '山城小区', '恒山家园', '文化小区', '矿工小区'],
    villages: ['柳毛村', '小恒山村', '红旗村'],
  },
  {
    code: 'dongsheng',
    name: '东盛公司',
    district: '鸡冠区',
    stations: ['东盛一所', '东盛二所', '二次网所'],
    rural: 0,
    remote: 0,
    communities: ['东盛花园', '明珠花园', '东方小区', '锦绣家园', '龙湖小区'],
    villages: [],
  },
  {
    code: 'guangyuan',
    name: '广源公司',
    district: '梨树区',
    stations: ['广源所', '梨树所', '平岗所'],
    rural: 0.25,
    remote: 0.05,
    communities: ['广源小区', '梨树小区', '平岗小区', '矿山小区'],
    villages: ['平岗村', '石磷村', '永和村'],
  },
  {
    code: 'yuejin',
    name: '跃进公司',
    district: '城子河区',
    stations: ['矿院所', '跃进所', '城子河所'],
    rural: 0.1,
    remote: 0,
    communities: ['矿院小区', '跃进小区', '城子河小区', '杏花小区', '新城家园'],
    villages: ['永丰村', '杏花村'],
  },
  {
    code: 'shengtong',
    name: '盛通公司',
    district: '滴道区',
    stations: ['滴道所', '兴华所', '立新所'],
    rural: 0.2,
    remote: 0.05,
    communities: ['滴道小区', '兴华小区', '立新小区', '盛通家园'],
    villages: ['兰岭村', '东兴村', '新发村'],
  },
  {
    code: 'shengyu',
    name: '盛宇公司',
    district: '麻山区',
    stations: ['麻山所', '麻山矿所', '西山所'],
    rural: 0.35,
    remote: 0.15,
    communities: ['麻山小区', '盛宇家园', '西山小区'],
    villages: ['麻山村', '太平村', '东升村', '前进村'],
  },
];

export const SURNAMES =
  '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文'.split(
    '',
  );
export const GIVEN =
  '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰文辉建国建华志强淑珍凤兰春梅海燕永红德明玉梅秀云国庆立新红霞长海宝山'.match(
    /../g,
  )!;
export const GIVEN_ONE = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚华辉斌鹏宇浩凯健峰'.split('');

/** What residents say when they call, by category code. */
export const DESCRIPTIONS: Record<string, string[]> = {
  'heating-cold': [
    '暖气不热，室温只有14度',
    '卧室暖气片上热下凉',
    '整个单元都不热，家里有老人',
    '暖气刚来就不热了，麻烦看看',
    '室温16度，达不到标准',
    '顶楼暖气不热，怀疑有空气',
    '暖气时冷时热',
    '新装的暖气片不热',
  ],
  leak: ['暖气片接口漏水，往楼下渗', '阀门滴水', '卫生间暖气管漏水', '楼道里的管道跑水', '放风阀关不上，一直滴水'],
  'pipe-accident': ['小区主管道爆裂，地面冒热气', '楼前管沟跑水，水很大', '单元入户管线爆管'],
  'equipment-accident': ['换热站循环泵停了，整栋楼不热', '换热站跳闸', '补水泵故障，压力上不来'],
  'service-complaint': [
    '维修工上门态度不好',
    '报修两天了还没人来',
    '说好上午来，一直没来',
    '收费窗口排队太久，工作人员不耐烦',
    '维修后屋里弄得很脏没有清理',
  ],
  'misconduct-report': ['维修工上门要烟酒', '师傅说不给钱就不修', '有人冒充供热公司收费'],
  consultation: [
    '今年什么时候开始供热',
    '热费怎么交，能不能网上交',
    '停热报停怎么办理',
    '室温标准是多少度',
    '新房子怎么开通供暖',
    '暖气片可以自己改吗',
  ],
  billing: ['热费单金额不对', '交了费系统显示没交', '面积核算有误，要求重新测量', '申请低保减免热费', '发票怎么开'],
  suggestion: ['建议延长供热时间', '建议开通微信缴费', '希望维修能提前电话预约'],
  praise: ['感谢维修师傅大半夜来修，非常负责', '表扬和平公司抢修队，服务很好', '窗口工作人员耐心细致，点赞'],
  'window-general': ['办理供暖开通手续', '更名过户', '补办缴费证明'],
};

export const RESOLUTIONS: Record<string, string[]> = {
  repair: [
    '排气后恢复，室温19度',
    '清洗过滤网，暖气恢复正常',
    '更换阀门，已不漏水',
    '调节单元阀门，室温20度',
    '更换垫片，试压正常',
    '疏通管道，恢复供热',
    '抢修完毕，恢复供热',
  ],
  desk: ['已核实并向用户解释', '已重新核算并通知用户', '已约谈当事员工并致歉', '已转相关部门处理并回复用户', '已为用户办理'],
};

export const SUSPEND_REASONS = ['等待配件', '用户不在家，约定明天上门', '需停水后施工', '等待物业开门'];
export const RETURN_REASONS = ['不属于本班组片区', '需要焊工配合，退回调度'];
export const CALLBACK_NOTES: Record<number, string | null> = {
  5: '用户表示非常满意',
  4: '用户表示满意',
  3: '用户认为一般',
  2: '用户反映还是不热',
  1: '用户很不满意，要求重新处理',
};

export const FLAG_NOTES: Record<string, string[]> = {
  elderly: ['独居老人，子女在外地', '老人行动不便，上门前先打电话', '空巢老人，耳背，需大声说话'],
  hardship: ['低保户，热费减免', '帮扶户，每月走访一次'],
  key: ['重点户：人大代表', '重点户：透析病人，不能停热'],
  difficult: ['多次越级投诉，需耐心沟通', '对室温要求高，多次报修'],
};
