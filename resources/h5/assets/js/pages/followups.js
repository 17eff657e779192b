// P5 随访记录列表 (by type and year) and P6 随访详情.

import { api } from "../api.js";
import { button, classBadge, formatDate, frame, h, joinOr, link, loading, mount, rows, stateBlock } from "../ui.js";
import { failure } from "./home.js";

function keyValues(kv) {
  const parts = [];
  if (kv.sbp !== undefined) parts.push(`血压 ${kv.sbp}/${kv.dbp} mmHg`);
  if (kv.fbg !== undefined) parts.push(`空腹血糖 ${kv.fbg} mmol/L`);
  return parts.join(" · ");
}

function card(item) {
  return h(
    "li",
    {},
    h(
      "a",
      { class: "item", href: `#/followups/${item.ref}` },
      h("div", { class: "line1" }, h("span", { class: "date" }, formatDate(item.visitDate)), classBadge(item.lostOrDead || item.visitClass)),
      h("div", { class: "meta" }, `${item.typeName} · ${item.visitWay}`),
      keyValues(item.keyValues) ? h("div", { class: "key" }, keyValues(item.keyValues)) : null,
      h("div", { class: "meta" }, `${item.orgName} · ${item.doctorName}`),
      item.nextVisitDate ? h("div", { class: "meta" }, `下次随访：${formatDate(item.nextVisitDate)}`) : null,
    ),
  );
}

export async function followups(query) {
  const type = query.get("type") || "";
  const year = query.get("year") || "";
  mount(frame("随访记录", {}, loading()));
  let page;
  try {
    page = await api("/me/followups", { params: { type, year, size: 20 } });
  } catch (error) {
    mount(frame("随访记录", {}, failure("暂时无法打开随访记录", error, () => followups(query))));
    return;
  }
  const facets = page.facets || { types: [], years: [] };
  const go = (t, y) => {
    const q = new URLSearchParams();
    if (t) q.set("type", t);
    if (y) q.set("year", y);
    window.location.hash = "#/followups" + (q.toString() ? "?" + q : "");
  };
  const typeChips = h(
    "div",
    { class: "chips", role: "group", "aria-label": "随访类型" },
    h("button", { class: "chip", type: "button", "aria-pressed": type ? "false" : "true", onclick: () => go("", year) }, "全部"),
    facets.types.map((t) =>
      h("button", { class: "chip", type: "button", "aria-pressed": t.type === type ? "true" : "false", onclick: () => go(t.type, year) }, `${t.typeName.replace("随访", "")}（${t.count}）`),
    ),
  );
  const yearSelect = h(
    "select",
    { "aria-label": "年份", id: "year" },
    h("option", { value: "" }, "全部年份"),
    facets.years.map((y) => h("option", { value: String(y), selected: String(y) === year }, `${y} 年`)),
  );
  yearSelect.addEventListener("change", () => go(type, yearSelect.value));
  const list = h("ul", { class: "list", "aria-label": "随访记录" }, page.items.map(card));
  const more = h("div", { class: "actions" });
  let cursor = page.nextCursor;
  const loadMore = async (event) => {
    event.target.disabled = true;
    try {
      const next = await api("/me/followups", { params: { type, year, size: 20, cursor } });
      list.append(...next.items.map(card));
      cursor = next.nextCursor;
      if (!cursor) more.replaceChildren(h("p", { class: "muted small" }, "已显示全部记录"));
      else event.target.disabled = false;
    } catch (error) {
      event.target.disabled = false;
      more.append(h("p", { class: "error-text" }, error.message));
    }
  };
  if (cursor) more.append(button("加载更多", loadMore, { secondary: true }));
  mount(
    frame(
      "随访记录",
      {},
      h("section", { class: "card" }, typeChips, h("label", { class: "field" }, h("span", { class: "visually-hidden" }, "按年份筛选"), yearSelect)),
      page.items.length ? list : stateBlock("i", "没有随访记录", type || year ? "该筛选条件下没有记录，请更换类型或年份。" : "您还没有随访记录。"),
      more,
    ),
  );
}

function medications(list) {
  if (!list || !list.length) return h("p", {}, "无");
  return h(
    "ul",
    { class: "list" },
    list.map((m) => h("li", { class: "card" }, h("strong", {}, m.drugName), h("div", {}, `每日 ${m.timesPerDay} 次，每次 ${m.dosePerTime}${m.unit}，${m.usage}`))),
  );
}

function pair(now, target, unit = "") {
  if (now === null || now === undefined) return null;
  return target === null || target === undefined ? `${now}${unit}` : `${now}${unit}（目标 ${target}${unit}）`;
}

export async function followupDetail(ref) {
  mount(frame("随访详情", { backTo: "#/followups" }, loading()));
  let d;
  try {
    d = await api(`/me/followups/${encodeURIComponent(ref)}`);
  } catch (error) {
    const body = error.code === "RECORD_NOT_FOUND" ? [stateBlock("？", "记录不存在", error.message, link("返回随访记录", "#/followups"))] : failure("暂时无法打开随访记录", error, () => followupDetail(ref));
    mount(frame("随访详情", { backTo: "#/followups" }, body));
    return;
  }
  const feedback = link("对此记录有疑问", `#/feedback/new?type=FOLLOWUP&ref=${encodeURIComponent(ref)}`, { secondary: true });
  if (d.lostOrDead || d.visitClass === "失访") {
    mount(
      frame(
        d.typeName,
        { backTo: "#/followups" },
        h("section", { class: "card" }, h("h2", {}, `${formatDate(d.visitDate)} ${d.typeName}`), classBadge("失访"), rows([["原因", d.lostReason || "未记录"], ["随访医生", d.doctorName], ["随访机构", d.orgName]])),
        h("div", { class: "actions" }, feedback),
      ),
    );
    return;
  }
  const dm = d.type === "T2DM";
  mount(
    frame(
      d.typeName,
      { backTo: "#/followups" },
      h(
        "section",
        { class: "card" },
        h("h2", {}, `${formatDate(d.visitDate)} ${d.typeName}`),
        h("p", {}, "此次随访分类：", classBadge(d.visitClass)),
        rows([
          ["随访方式", d.visitWay],
          ["随访医生", d.doctorName],
          ["随访机构", d.orgName],
          ["下次随访", formatDate(d.nextVisitDate)],
        ]),
      ),
      h("section", { class: "card" }, h("h2", {}, "症状与体征"), rows([
        ["症状", joinOr(d.symptoms)],
        ["血压", d.sbp ? `${d.sbp}/${d.dbp} mmHg` : null],
        ["体重", pair(d.weight, d.weightTarget, " kg")],
        ["体质指数", pair(d.bmi, d.bmiTarget, " kg/m²")],
        ["心率", d.heartRate ? `${d.heartRate} 次/分钟` : null],
        dm ? ["足背动脉搏动", d.dorsalisPedisPulse] : ["其他体征", d.signOther || "无"],
      ])),
      dm
        ? h("section", { class: "card" }, h("h2", {}, "辅助检查"), rows([
            ["空腹血糖", d.fbg ? `${d.fbg} mmol/L` : null],
            ["糖化血红蛋白", d.hba1c ? `${d.hba1c}%（${formatDate(d.hba1cDate)}）` : null],
            ["低血糖反应", d.hypoglycemia],
          ]))
        : null,
      h("section", { class: "card" }, h("h2", {}, "生活方式指导"), rows([
        ["日吸烟量", pair(d.smokePerDay, d.smokeTarget, " 支")],
        ["日饮酒量", pair(d.drinkPerDay, d.drinkTarget, " 两")],
        ["运动", `${d.exerciseTimesPerWeek} 次/周，${d.exerciseMinutes} 分钟/次（目标 ${d.exerciseTimesTarget} 次/周，${d.exerciseMinutesTarget} 分钟/次）`],
        dm ? ["主食", pair(d.stapleFoodGramsPerDay, d.stapleFoodTarget, " 克/天")] : ["摄盐情况", pair(d.saltIntake, d.saltTarget)],
        ["心理调整", d.psychAdjust],
        ["遵医行为", d.complianceBehavior],
      ])),
      h(
        "section",
        { class: "card" },
        h("h2", {}, "用药情况"),
        rows([
          ["服药依从性", d.medAdherence],
          ["药物不良反应", d.adverseReaction && d.adverseReaction.present ? `有：${d.adverseReaction.detail}` : "无"],
        ]),
        medications(d.medications),
        dm && d.insulin ? h("p", {}, `胰岛素：${d.insulin.type}，${d.insulin.usage}`) : null,
        d.referral ? h("p", {}, `转诊：${d.referral.reason}（${d.referral.orgDept}）`) : null,
      ),
      h("div", { class: "actions" }, link("名词解释与参考范围", "#/help", { secondary: true }), feedback),
    ),
  );
}
