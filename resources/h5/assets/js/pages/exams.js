// P7 体检记录列表 and P8 体检详情 (collapsible sections, labs as label/value rows with text flags).

import { api } from "../api.js";
import { button, formatDate, frame, h, joinOr, link, loading, mount, rows, stateBlock } from "../ui.js";
import { failure } from "./home.js";

function card(item) {
  const abnormal = item.assessment !== "NORMAL";
  return h(
    "li",
    {},
    h(
      "a",
      { class: "item", href: `#/exams/${item.ref}` },
      h("div", { class: "line1" }, h("span", { class: "date" }, formatDate(item.examDate)), h("span", { class: abnormal ? "badge warn" : "badge ok" }, abnormal ? `有异常 ${item.abnormalCount} 项` : "体检无异常")),
      h("div", { class: "meta" }, `${item.orgName} · ${item.doctorName}`),
      abnormal && item.abnormalSummary.length ? h("div", { class: "key" }, item.abnormalSummary.slice(0, 2).join("；")) : null,
    ),
  );
}

export async function exams(query) {
  const year = query.get("year") || "";
  mount(frame("体检记录", {}, loading()));
  let page;
  try {
    page = await api("/me/exams", { params: { year, size: 20 } });
  } catch (error) {
    mount(frame("体检记录", {}, failure("暂时无法打开体检记录", error, () => exams(query))));
    return;
  }
  const years = (page.facets && page.facets.years) || [];
  const select = h(
    "select",
    { "aria-label": "年份" },
    h("option", { value: "" }, "全部年份"),
    years.map((y) => h("option", { value: String(y), selected: String(y) === year }, `${y} 年`)),
  );
  select.addEventListener("change", () => {
    window.location.hash = "#/exams" + (select.value ? `?year=${select.value}` : "");
  });
  const list = h("ul", { class: "list", "aria-label": "体检记录" }, page.items.map(card));
  const more = h("div", { class: "actions" });
  let cursor = page.nextCursor;
  if (cursor) {
    more.append(
      button(
        "加载更多",
        async (event) => {
          event.target.disabled = true;
          const next = await api("/me/exams", { params: { year, size: 20, cursor } });
          list.append(...next.items.map(card));
          cursor = next.nextCursor;
          if (!cursor) more.replaceChildren(h("p", { class: "muted small" }, "已显示全部记录"));
          else event.target.disabled = false;
        },
        { secondary: true },
      ),
    );
  }
  mount(
    frame(
      "体检记录",
      {},
      h("section", { class: "card" }, h("label", { class: "field" }, h("span", { class: "visually-hidden" }, "按年份筛选"), select)),
      page.items.length ? list : stateBlock("i", "没有体检记录", "65 岁及以上老年人每年可免费体检一次，请联系家庭医生预约。"),
      more,
    ),
  );
}

function section(title, open, ...content) {
  return h("details", { class: "section", open }, h("summary", {}, title), h("div", { class: "content" }, ...content));
}

function labRow(lab) {
  const flagged = Boolean(lab.abnormalText);
  return h(
    "div",
    { class: "lab" },
    h("span", { class: "name" }, lab.itemName, h("span", { class: "ref" }, `参考范围 ${lab.refRange}`)),
    h(
      "span",
      { class: "val" },
      `${lab.value}${lab.unit ? " " + lab.unit : ""}`,
      flagged ? h("span", { class: "flag bad" }, ` ${lab.abnormalFlag}${lab.abnormalText}`) : null,
    ),
  );
}

function labs(list) {
  const groups = new Map();
  for (const lab of list) {
    if (!groups.has(lab.group)) groups.set(lab.group, []);
    groups.get(lab.group).push(lab);
  }
  return [...groups].map(([group, items]) => h("div", {}, h("h3", {}, group), items.map(labRow)));
}

export async function examDetail(ref) {
  mount(frame("体检详情", { backTo: "#/exams" }, loading()));
  let e;
  try {
    e = await api(`/me/exams/${encodeURIComponent(ref)}`);
  } catch (error) {
    const body = error.code === "RECORD_NOT_FOUND" ? [stateBlock("？", "记录不存在", error.message, link("返回体检记录", "#/exams"))] : failure("暂时无法打开体检记录", error, () => examDetail(ref));
    mount(frame("体检详情", { backTo: "#/exams" }, body));
    return;
  }
  const g = e.general || {};
  const life = e.lifestyle || {};
  const organ = e.organFunction || {};
  const phys = e.physical || {};
  const guide = e.guidance || {};
  const abnormal = (e.assessment && e.assessment.abnormal) || [];
  mount(
    frame(
      "体检详情",
      { backTo: "#/exams" },
      h(
        "section",
        { class: "card" },
        h("h2", {}, `${formatDate(e.examDate)} 健康体检`),
        rows([["体检机构", e.orgName], ["责任医生", e.doctorName]]),
        h("h3", {}, "健康评价"),
        abnormal.length ? h("ol", {}, abnormal.map((a) => h("li", {}, a))) : h("p", {}, "体检无异常"),
      ),
      section("一般状况", true, rows([
        ["体温", `${g.temperature} ℃`],
        ["脉率", `${g.pulse} 次/分钟`],
        ["呼吸频率", `${g.respiration} 次/分钟`],
        ["血压（左侧）", `${g.bpLeft} mmHg`],
        ["血压（右侧）", `${g.bpRight} mmHg`],
        ["身高", `${g.height} cm`],
        ["体重", `${g.weight} kg`],
        ["腰围", `${g.waist} cm`],
        ["体质指数", `${g.bmi} kg/m²`],
        ["老年人健康状态自我评估", g.elderlyHealthSelfAssess],
        ["老年人生活自理能力", g.elderlySelfCareLevel],
        ["老年人认知功能", g.elderlyCognition],
        ["老年人情感状态", g.elderlyEmotion],
      ])),
      section("辅助检查", true, labs(e.labs || [])),
      section("症状", false, h("p", {}, joinOr(e.symptoms))),
      section("生活方式", false, rows([
        ["体育锻炼", `${life.exerciseFrequency}，每次 ${life.exerciseMinutes} 分钟，坚持 ${life.exerciseYears} 年（${life.exerciseType}）`],
        ["饮食习惯", joinOr(life.diet)],
        ["吸烟情况", life.smoking],
        ["饮酒情况", life.drinking],
        ["职业病危害因素接触史", life.occupationalExposure],
      ])),
      section("脏器功能", false, rows([
        ["口唇", organ.lips],
        ["齿列", organ.dentition],
        ["咽部", organ.pharynx],
        ["视力", `左眼 ${organ.visionLeft}，右眼 ${organ.visionRight}`],
        ["听力", organ.hearing],
        ["运动功能", organ.motorFunction],
      ])),
      section("查体", false, rows([
        ["皮肤", phys.skin],
        ["巩膜", phys.sclera],
        ["淋巴结", phys.lymphNodes],
        ["肺", phys.lung ? `桶状胸：${phys.lung.barrelChest}；呼吸音：${phys.lung.breathSound}；罗音：${phys.lung.rales}` : null],
        ["心脏", phys.heart ? `心率 ${phys.heart.rate} 次/分钟，心律${phys.heart.rhythm}，杂音：${phys.heart.murmur}` : null],
        ["下肢水肿", phys.legEdema],
        ["足背动脉搏动", phys.dorsalisPedisPulse],
      ])),
      section("现存主要健康问题", false, h("p", {}, joinOr(e.problems, "未发现"))),
      section("主要用药情况", false, (e.medications || []).length ? rows(e.medications.map((m) => [m.drugName, `${m.dose}，${m.usage}，依从性：${m.adherence}`])) : h("p", {}, "无")),
      section("非免疫规划预防接种史", false, (e.vaccinations || []).length ? rows(e.vaccinations.map((v) => [v.name, `${formatDate(v.date)}（${v.org}）`])) : h("p", {}, "无")),
      section("健康指导", true, rows([
        ["纳入慢病患者健康管理", guide.managedChronic ? "是" : "否"],
        ["建议复查", guide.recheck ? "是" : "否"],
        ["建议转诊", guide.referral ? "是" : "否"],
        ["危险因素控制", joinOr(guide.riskControl)],
        ["减体重目标", guide.weightTargetKg ? `${guide.weightTargetKg} kg` : undefined],
      ])),
      h("div", { class: "actions" }, link("名词解释与参考范围", "#/help", { secondary: true }), link("对此记录有疑问", `#/feedback/new?type=EXAM&ref=${encodeURIComponent(ref)}`, { secondary: true })),
    ),
  );
}
