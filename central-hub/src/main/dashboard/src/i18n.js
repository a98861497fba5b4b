// zh-CN first (the district's operators), English on the switch. Keys are what the code asks for.
const zh = {
  appName: '光明之眼 · 城市感知中心', login: '登录', user: '用户名', password: '密码', logout: '退出',
  loginFailed: '登录失败', wall: '大屏', console: '工作台', phone: '移动端', language: 'English',
  onlineRate: '摄像机在线率', target: '目标', cameras: '摄像机', devices: '物联设备', checkpoints: '智慧卡口', sites: '站点',
  online: '在线', total: '总数', openItems: '待办事件', trend: '在线率趋势（24小时）', sitesRanked: '站点在线率排名（低→高）',
  tagsRanked: '区域在线率排名（低→高）', ticker: '实时告警', checkpointActivity: '卡口通行（24小时）', allowed: '通行', denied: '拒绝',
  queue: '事件队列', all: '全部', state: '状态', kind: '类别', type: '类型', site: '站点', tag: '标签', noItems: '暂无事件',
  pick: '选择左侧事件查看详情', annotated: '标注图', clean: '原图', acknowledge: '确认', dispatch: '派单', resolve: '办结',
  falsePositive: '误报', reopen: '重新打开', assignee: '处置人', note: '备注', addNote: '添加备注', trail: '处置记录',
  cameraSnapshot: '实时抓拍', playClip: '播放事件视频', recording: '录像', pickMoment: '点击时间轴选择时刻并播放', exporting: '正在导出', clipUnavailable: '事件视频暂不可用（站点未连接或视频仍在生成），请稍后再试', snapshotUnavailable: '暂不支持实时抓拍', liveView: '实时画面', liveStop: '停止实时画面', liveUnavailable: '实时画面不可用（摄像机离线或站点未连接）',
  ptz_up: '上', ptz_down: '下', ptz_left: '左', ptz_right: '右', 'ptz_zoom-in': '放大', 'ptz_zoom-out': '缩小', ptz_preset: '预置位', ptz_goto: '调用预置位', live: '实时', offlineCameras: '离线摄像机',
  reason: '原因', since: '起始时间', scene: '场景', camera: '摄像机', checkpoint: '卡口', created: '发现时间',
  new: '新事件', acknowledged: '已确认', dispatched: '已派单', resolved: '已办结', false_positive: '误报',
  inspection: 'AI巡查', checkpoint_alert: '卡口告警', vending: '占道经营', parking: '乱停放', debris: '乱堆放', poster: '乱张贴',
  banner: '乱拉挂', out_of_store: '出店经营', red_code: '红码', yellow_code: '黄码', fever: '体温异常', listed: '重点人员',
  myOpen: '待处理事件', back: '返回', changedElsewhere: '该事件已被他人更新，已刷新', saved: '已保存', error: '错误', retry: '重试', noAnswer: '中心未在规定时间内响应',
  agent: '前端设备', live_updates: '实时更新', reconnecting: '重新连接中…', whitelist: '白名单版本',
  role_admin: '管理员', role_operator: '操作员', role_viewer: '查看员', connecting: '连接中…', now: '当前',
  noAreas: '暂无区域数据：还没有带区域标签（area/…）的摄像机', noSites: '暂无站点数据', noPasses: '近24小时暂无通行记录',
  person: '人员', cause: '原因', healthCode: '健康码', temperature: '体温', code_red: '红码', code_yellow: '黄码', code_green: '绿码',
  detections: '识别结果', update: '更新', end: '结束', discovered: '发现', warned: '预警', verified: '核实', disposed: '处置',
  obj_person: '行人', obj_car: '汽车', obj_truck: '货车', obj_bus: '公交车', obj_motorcycle: '摩托车', obj_bicycle: '自行车',
  obj_umbrella: '雨伞', obj_handbag: '手提包', obj_backpack: '背包', obj_suitcase: '行李箱', obj_chair: '椅子', obj_bench: '长椅',
  'obj_dining table': '桌子', 'obj_potted plant': '盆栽', obj_bottle: '瓶子', obj_cup: '杯子', obj_bowl: '碗', obj_text: '文字',
  obj_banner: '横幅', obj_poster: '海报', obj_debris: '堆放物', obj_goods: '货物', obj_cart: '推车',
  offline: '离线', search: '搜索设备', pickDevice: '选择左侧设备查看详情', noDevices: '暂无设备', lastSeen: '最后上报', telemetry: '最新数据',
  transitions: '状态变化', deviceCommands: '设备指令', noDeviceCommands: '该类设备没有可下发的指令', noCommands: '暂无指令', send: '发送',
  remoteOpen: '远程开闸', remoteReason: '开闸原因（必填，记入审计）', noTurnstile: '该卡口没有闸机', myCommands: '我发出的指令',
  cmd_queued: '排队中', cmd_sent: '已下发', cmd_delivered: '已送达', cmd_succeeded: '执行成功', cmd_failed: '执行失败', cmd_timed_out: '超时',
  cmd_expired: '已过期', batch: '批量指令', batchHint: '选择标签和设备类型，向其下全部设备发送同一指令', pending: '进行中', skipped: '无此指令',
  findCamera: '搜索摄像机（编号或名称）', pickCamera: '选择左侧摄像机查看画面和录像', noCameras: '暂无摄像机', day: '日期', noRecording: '该摄像机当天无录像（未开启录像或站点未连接）', codec: '编码',
};
const en = {
  appName: 'Guangming Eye · City Sensing Hub', login: 'Log in', user: 'User', password: 'Password', logout: 'Log out',
  loginFailed: 'Login failed', wall: 'Wall', console: 'Console', phone: 'Phone', language: '中文',
  onlineRate: 'Camera online rate', target: 'Target', cameras: 'Cameras', devices: 'IoT devices', checkpoints: 'Checkpoints', sites: 'Sites',
  online: 'Online', total: 'Total', openItems: 'Open items', trend: 'Online rate, last 24 h', sitesRanked: 'Sites by online rate (worst first)',
  tagsRanked: 'Areas by online rate (worst first)', ticker: 'Live alerts', checkpointActivity: 'Checkpoint passes, last 24 h',
  allowed: 'Allowed', denied: 'Denied', queue: 'Event queue', all: 'All', state: 'State', kind: 'Kind', type: 'Type', site: 'Site', tag: 'Tag',
  noItems: 'Nothing here', pick: 'Pick an item on the left', annotated: 'Annotated', clean: 'Clean', acknowledge: 'Acknowledge',
  dispatch: 'Dispatch', resolve: 'Resolve', falsePositive: 'False positive', reopen: 'Reopen', assignee: 'Assignee', note: 'Note',
  addNote: 'Add note', trail: 'Trail', cameraSnapshot: 'Snapshot now', playClip: 'Play event clip', recording: 'Recording', pickMoment: 'Click the timeline to pick a moment and play from it', exporting: 'Exporting', clipUnavailable: 'Event clip unavailable (site not connected, or the clip is still being made); try again shortly', snapshotUnavailable: 'Snapshot on call is not available', liveView: 'Live view', liveStop: 'Stop live view', liveUnavailable: 'Live view unavailable (camera offline or site not connected)',
  ptz_up: 'Up', ptz_down: 'Down', ptz_left: 'Left', ptz_right: 'Right', 'ptz_zoom-in': 'Zoom in', 'ptz_zoom-out': 'Zoom out', ptz_preset: 'Preset', ptz_goto: 'Go to preset',
  live: 'Live', offlineCameras: 'Offline cameras', reason: 'Reason', since: 'Since', scene: 'Scene', camera: 'Camera', checkpoint: 'Checkpoint',
  created: 'Found', new: 'New', acknowledged: 'Acknowledged', dispatched: 'Dispatched', resolved: 'Resolved', false_positive: 'False positive',
  inspection: 'AI inspection', checkpoint_alert: 'Checkpoint alert', vending: 'Street vending', parking: 'Parking disorder', debris: 'Piled debris',
  poster: 'Posters', banner: 'Banners', out_of_store: 'Out-of-store', red_code: 'Red code', yellow_code: 'Yellow code', fever: 'Fever',
  listed: 'Listed person', myOpen: 'Open work items', back: 'Back', changedElsewhere: 'Changed by someone else; reloaded', saved: 'Saved', retry: 'Retry', noAnswer: 'the hub did not answer in time',
  error: 'Error', agent: 'Agent', live_updates: 'Live', reconnecting: 'Reconnecting…', whitelist: 'Whitelist version',
  role_admin: 'Administrator', role_operator: 'Operator', role_viewer: 'Viewer', connecting: 'Connecting…', now: 'Now',
  noAreas: 'No area data: no camera carries an area tag (area/…) yet', noSites: 'No site data', noPasses: 'No passes in the last 24 h',
  person: 'Person', cause: 'Cause', healthCode: 'Health code', temperature: 'Temperature', code_red: 'red', code_yellow: 'yellow', code_green: 'green',
  detections: 'Detections', update: 'Updated', end: 'Ended', discovered: 'Discovered', warned: 'Warned', verified: 'Verified', disposed: 'Disposed',
  offline: 'Offline', search: 'Find a device', pickDevice: 'Pick a device on the left', noDevices: 'No devices', lastSeen: 'Last seen',
  telemetry: 'Latest readings', transitions: 'Transitions', deviceCommands: 'Commands', noDeviceCommands: 'Devices of this type take no commands',
  noCommands: 'No commands yet', send: 'Send', remoteOpen: 'Remote open', remoteReason: 'Why open it (required, audited)',
  noTurnstile: 'This checkpoint has no turnstile', myCommands: 'Commands I sent', cmd_queued: 'Queued', cmd_sent: 'Sent',
  cmd_delivered: 'Delivered', cmd_succeeded: 'Succeeded', cmd_failed: 'Failed', cmd_timed_out: 'Timed out', cmd_expired: 'Expired',
  batch: 'Batch command', batchHint: 'Pick a tag and a device type: every such device gets the same command', pending: 'Pending', skipped: 'without the command',
  findCamera: 'Find a camera (id or name)', pickCamera: 'Pick a camera on the left for its picture and recordings', noCameras: 'No cameras', day: 'Day', noRecording: 'No recording of this camera that day (not recorded, or the site is not connected)', codec: 'Codec',
};
const dictionaries = { 'zh-CN': zh, en };

let lang = localStorage.getItem('gm.lang') || 'zh-CN';

export function language() {
  return lang;
}

export function setLanguage(l) {
  lang = dictionaries[l] ? l : 'zh-CN';
  localStorage.setItem('gm.lang', lang);
  document.documentElement.lang = lang;
  document.title = t('appName');
}

export function t(key) {
  return (dictionaries[lang] && dictionaries[lang][key]) || (lang === 'en' ? null : zh[key]) || key;
}

/** A detected object's label in the screen's language (the model's own English name where no translation is known). */
export function objectLabel(label) {
  const k = 'obj_' + label;
  return lang === 'en' ? label : zh[k] || label;
}

export function time(ms) {
  if (ms == null || ms < 0) return '—';
  return new Date(ms).toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN', { hour12: false });
}

export function percent(rate) {
  return rate == null ? '—' : (rate * 100).toFixed(2) + '%';
}
