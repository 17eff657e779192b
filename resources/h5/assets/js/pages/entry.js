// P0 entry/auth, P1 consent, P2 no-archive (one variant per reason).

import { api } from "../api.js";
import { saveSession, takeTarget } from "../session.js";
import { closePage, inZgt, zgtLogin } from "../zgt.js";
import { button, frame, h, link, loading, mount, replaceRoute, stateBlock } from "../ui.js";

const NO_ARCHIVE = {
  ARCHIVE_NOT_FOUND: "not-found",
  NAME_MISMATCH: "name-mismatch",
  ARCHIVE_DUPLICATE: "duplicate",
  ARCHIVE_INACTIVE: "inactive",
  CERT_TYPE_UNSUPPORTED: "cert-unsupported",
};

export async function entry() {
  mount(frame("梧州市健康档案", { back: false }, loading("正在通过智桂通验证您的身份…")));
  if (!inZgt()) {
    mount(
      frame(
        "梧州市健康档案",
        { back: false },
        stateBlock("i", "请在智桂通App中打开", "为保护您的隐私，健康档案只能在“智桂通”App 中实名登录后查看。请打开智桂通，在“服务”中搜索“梧州市健康档案”。"),
      ),
    );
    return;
  }
  let retried = false;
  for (;;) {
    let token;
    try {
      token = await zgtLogin();
    } catch (error) {
      showLoginProblem(error.code);
      return;
    }
    try {
      const result = await api("/auth/zgt/exchange", { method: "POST", body: { zgtToken: token }, auth: false });
      token = null;
      saveSession(result.sessionToken);
      sessionStorage.setItem("h5-profile", JSON.stringify(result.profile));
      sessionStorage.setItem("h5-notice", result.noticeVersion || "");
      replaceRoute(result.needConsent ? "#/consent" : takeTarget());
      return;
    } catch (error) {
      token = null;
      if (error.code === "ZGT_TOKEN_INVALID" && !retried) {
        retried = true; // the token expired or was used: ask 智桂通 for a fresh one, once
        continue;
      }
      if (NO_ARCHIVE[error.code]) {
        replaceRoute("#/no-archive/" + NO_ARCHIVE[error.code]);
        return;
      }
      showExchangeProblem(error);
      return;
    }
  }
}

function retry() {
  entry();
}

function showLoginProblem(code) {
  const text =
    code === "CANCELLED"
      ? "您取消了智桂通登录。查看健康档案需要先完成实名登录。"
      : code === "TIMEOUT"
        ? "智桂通登录没有响应，请稍后再试。"
        : "没有取得智桂通的登录信息，请重试。";
  mount(frame("梧州市健康档案", { back: false }, stateBlock("！", "需要智桂通登录", text, button("重新登录", retry), button("关闭", closePage, { secondary: true }))));
}

function showExchangeProblem(error) {
  const title =
    error.code === "UPSTREAM_UNAVAILABLE" ? "身份核验服务暂时不可用" : error.code === "RATE_LIMITED" ? "访问过于频繁" : error.code === "ZGT_TOKEN_INVALID" ? "登录已失效" : "暂时无法打开健康档案";
  mount(frame("梧州市健康档案", { back: false }, stateBlock("！", title, error.message, button("重试", retry))));
}

export function consent() {
  const profile = JSON.parse(sessionStorage.getItem("h5-profile") || "{}");
  const agree = async (event) => {
    event.target.disabled = true;
    try {
      await api("/auth/consent", { method: "POST", body: { noticeVersion: sessionStorage.getItem("h5-notice") || document.documentElement.dataset.notice, scope: "VIEW_ARCHIVE" } });
      replaceRoute(takeTarget());
    } catch (error) {
      event.target.disabled = false;
      mount(frame("个人信息保护告知", { back: false }, stateBlock("！", "提交失败", error.message, button("重试", consent))));
    }
  };
  mount(
    frame(
      "个人信息保护告知",
      { back: false },
      h(
        "section",
        { class: "card" },
        h("h2", {}, `${profile.nameMasked || "您"}，您好`),
        h("p", {}, "您即将查看本人在梧州市基本公共卫生服务系统中的居民健康档案。请先阅读以下说明："),
        h(
          "ul",
          {},
          h("li", {}, "查看的内容：档案概要、随访记录、体检记录和健康档案明细，均为您本人的信息。"),
          h("li", {}, "健康信息属于敏感个人信息。页面上的姓名、证件号码和电话号码已部分隐藏。"),
          h("li", {}, "为保障安全，系统会记录每次查看（只记录加密后的标识，不记录您的姓名和证件号码），保存不少于 6 个月。"),
          h("li", {}, "如发现记录有误或不是您本人的记录，可以在页面上提交“纠错”，由建档机构核实处理。"),
          h("li", {}, "您可以随时退出；不同意本说明将无法查看档案。"),
        ),
        h("p", { class: "small muted" }, "依据《中华人民共和国个人信息保护法》第二十八条、第二十九条。"),
      ),
      h("div", { class: "actions" }, button("同意并查看", agree), button("不同意，退出", closePage, { secondary: true })),
    ),
  );
}

const REASONS = {
  "not-found": {
    icon: "？",
    title: "暂未查到您的健康档案",
    text: "系统中没有与您的身份证号码对应的健康档案。居民健康档案由社区卫生服务中心或乡镇卫生院建立，免费。",
    steps: ["携带身份证到居住地的社区卫生服务中心或乡镇卫生院建档", "如您已经建档，请联系建档机构核实证件号码是否录入正确", "也可拨打 12345 政务服务便民热线咨询"],
  },
  "name-mismatch": {
    icon: "！",
    title: "档案信息与实名信息不一致",
    text: "您的证件号码对应的档案中，姓名与智桂通实名信息不一致。为保护隐私，暂不能显示该档案。",
    steps: ["请联系您的家庭医生或建档机构核对姓名（含少数民族姓名中的间隔点、生僻字）", "核实更正后即可正常查看", "也可拨打 12345 政务服务便民热线反映"],
  },
  duplicate: {
    icon: "！",
    title: "您的档案信息需要核实",
    text: "同一证件号码在系统中有多份档案，需要由建档机构合并核实后才能查看。",
    steps: ["请联系您的家庭医生或建档机构处理", "处理完成后即可正常查看"],
  },
  inactive: {
    icon: "i",
    title: "您的档案已迁出或注销",
    text: "您的健康档案当前不是“正常”状态（例如已迁出本市），暂时无法在线查看。",
    steps: ["如已迁入新的居住地，请联系新居住地的社区卫生服务中心或乡镇卫生院", "如有疑问请联系原建档机构"],
  },
  "cert-unsupported": {
    icon: "i",
    title: "暂不支持该类证件",
    text: "目前仅支持以居民身份证实名的智桂通用户查询健康档案。",
    steps: ["如您持有居民身份证，请在智桂通中使用身份证完成实名认证", "其他证件持有人请到建档机构现场查询"],
  },
};

export function noArchive(reason) {
  const r = REASONS[reason] || REASONS["not-found"];
  mount(
    frame(
      "梧州市健康档案",
      { back: false },
      stateBlock(r.icon, r.title, r.text),
      h("section", { class: "card" }, h("h2", {}, "您可以这样做"), h("ol", {}, r.steps.map((s) => h("li", {}, s)))),
      h("div", { class: "actions" }, link("查看帮助与说明", "#/help", { secondary: true }), button("关闭", closePage, { secondary: true })),
    ),
  );
}
