// P3 档案首页 and P4 健康档案明细.

import { api } from "../api.js";
import { clearSession } from "../session.js";
import { closePage } from "../zgt.js";
import { button, formatDate, frame, h, joinOr, link, loading, mount, rows, stateBlock } from "../ui.js";

export function failure(title, error, retry) {
  if (error.code === "SESSION_EXPIRED") return [loading("登录已过期，正在重新验证身份…")];
  return [stateBlock("！", title, error.message, button("重试", retry))];
}

function vital(label, value, unit, date) {
  return h(
    "div",
    { class: "vital" },
    h("span", { class: "label" }, label),
    h("span", { class: "value" }, value ?? "—"),
    h("span", { class: "unit" }, value === null || value === undefined ? "未记录" : unit),
    date ? h("span", { class: "date" }, formatDate(date)) : null,
  );
}

export async function home() {
  mount(frame("我的健康档案", { back: false }, loading()));
  let s;
  try {
    s = await api("/me/summary");
  } catch (error) {
    mount(frame("我的健康档案", { back: false }, failure("暂时无法打开档案", error, home)));
    return;
  }
  const doctor = s.familyDoctor || s.responsibleDoctor;
  const logout = async () => {
    try {
      await api("/auth/logout", { method: "POST" });
    } catch (_) {
      /* the session ends on the server anyway when it expires */
    }
    clearSession();
    closePage();
    mount(frame("梧州市健康档案", { back: false }, stateBlock("√", "已安全退出", "感谢使用。再次查看请重新从智桂通进入。")));
  };
  mount(
    frame(
      "我的健康档案",
      { back: false },
      h(
        "section",
        { class: "card identity", "aria-label": "本人信息" },
        h("span", { class: "name", "data-pii": "name" }, s.nameMasked),
        h("span", { class: "muted" }, `${s.sexName} · ${s.age} 岁 · 档案状态：${s.recordStatus}`),
        h("span", { class: "muted small", "data-pii": "cert" }, `身份证 ${s.certNoMasked}`),
        h("span", { class: "muted small" }, `档案编号尾号 ${s.phrIdTail} · 建档机构 ${s.recordOrgName}`),
        s.healthTags.length
          ? h("ul", { class: "tags", "aria-label": "个人健康标识" }, s.healthTags.map((t) => h("li", { class: "tag" }, t.name)))
          : h("p", { class: "muted small" }, "暂无健康标识"),
      ),
      h(
        "section",
        { class: "card", "aria-label": "最近体征" },
        h("h2", {}, "最近一次测量"),
        h(
          "div",
          { class: "vitals" },
          vital("血压", s.latestVitals.bp, "mmHg", s.latestVitals.bpDate),
          vital("空腹血糖", s.latestVitals.fbg, "mmol/L", s.latestVitals.fbgDate),
          vital("BMI", s.latestVitals.bmi, "kg/m²", s.latestVitals.bmiDate),
        ),
      ),
      s.nextFollowups.length
        ? h(
            "section",
            { class: "card", "aria-label": "下次随访" },
            h("h2", {}, "下次随访"),
            rows(s.nextFollowups.map((n) => [n.typeName, `${formatDate(n.date)}（${n.org}）`])),
          )
        : null,
      h(
        "section",
        { class: "card", "aria-label": "我的医生" },
        h("h2", {}, s.familyDoctor ? "我的家庭医生" : "责任医生"),
        rows([
          [s.familyDoctor ? "家庭医生" : "责任医生", doctor || "暂未分配"],
          ["签约状态", s.signed ? "已签约" : "未签约"],
          ["机构电话", s.doctorPhone || null],
        ]),
        s.doctorPhone ? h("div", { class: "actions" }, link(`拨打 ${s.doctorPhone}`, `tel:${s.doctorPhone.replace(/[^0-9]/g, "")}`)) : null,
      ),
      h(
        "nav",
        { class: "entries", "aria-label": "档案内容" },
        h("a", { class: "entry", href: "#/followups" }, h("strong", {}, "随访记录"), h("span", {}, `${s.counts.followups} 次`)),
        h("a", { class: "entry", href: "#/exams" }, h("strong", {}, "体检记录"), h("span", {}, `${s.counts.exams} 次`)),
        h("a", { class: "entry", href: "#/basic" }, h("strong", {}, "健康档案明细"), h("span", {}, "血型、过敏史等")),
        h("a", { class: "entry", href: "#/feedback" }, h("strong", {}, "我的纠错反馈"), h("span", {}, "提交与进度")),
      ),
      h(
        "section",
        { class: "card" },
        h("p", { class: "small muted" }, `数据更新至 ${formatDate(s.dataUpdatedAt)}。如有遗漏或错误，请联系建档机构或提交纠错。`),
        h("div", { class: "actions" }, link("对档案有疑问？提交纠错", "#/feedback/new?type=SUMMARY", { secondary: true }), link("帮助与名词解释", "#/help", { secondary: true }), button("退出", logout, { secondary: true })),
      ),
    ),
  );
}

function history(list, empty = "无") {
  if (!list || !list.length) return empty;
  return list.map((d) => (typeof d === "string" ? d : [d.name, d.diagnosedOn || d.date].filter(Boolean).join(" "))).join("、");
}

export async function basic() {
  mount(frame("健康档案明细", {}, loading()));
  let b;
  try {
    b = await api("/me/basic-info");
  } catch (error) {
    mount(frame("健康档案明细", {}, failure("暂时无法打开档案明细", error, basic)));
    return;
  }
  const past = b.pastHistory || {};
  const family = b.familyHistory || {};
  mount(
    frame(
      "健康档案明细",
      {},
      h("section", { class: "card" }, h("h2", {}, "基本信息"), rows([
        ["姓名", b.nameMasked],
        ["性别", b.sexName],
        ["出生年月", b.birthYearMonth],
        ["民族", b.ethnicity],
        ["常住类型", b.residenceType],
        ["文化程度", b.education],
        ["职业", b.occupation],
        ["婚姻状况", b.maritalStatus],
        ["医疗费用支付方式", joinOr(b.paymentMethods, null)],
        ["住址", b.address],
        ["本人电话", b.phoneMasked],
        ["联系人", b.contactNameMasked],
        ["联系人电话", b.contactPhoneMasked],
      ])),
      h("section", { class: "card" }, h("h2", {}, "健康信息"), rows([
        ["血型", b.bloodType.text],
        ["药物过敏史", joinOr(b.allergies)],
        ["暴露史", joinOr(b.exposure)],
        ["既往疾病", history(past.diseases)],
        ["手术", history(past.surgeries)],
        ["外伤", history(past.traumas)],
        ["输血", history(past.transfusions)],
        ["家族史（父亲）", joinOr(family.father)],
        ["家族史（母亲）", joinOr(family.mother)],
        ["家族史（兄弟姐妹）", joinOr(family.siblings)],
        ["家族史（子女）", joinOr(family.children)],
        ["遗传病史", b.geneticHistory || "无"],
        ["残疾情况", joinOr(b.disabilities)],
      ])),
      h("section", { class: "card" }, h("p", { class: "small muted" }, `建档机构：${b.recordOrgName}，建档日期：${formatDate(b.createdOn)}。`), h("div", { class: "actions" }, link("信息有误？提交纠错", "#/feedback/new?type=BASIC", { secondary: true }))),
    ),
  );
}
