// UI strings in English and Chinese. The chosen language is kept in localStorage.
"use strict";

const STRINGS = {
  en: {
    "nav.search": "Search", "nav.standards": "Standards", "nav.align": "Align",
    "nav.matrix": "Matrix", "nav.check": "Check",
    "footer": "Sample corpus: illustrative excerpts written for stdalign, not official texts.",
    "search.placeholder": "Search clauses in any language, e.g. 泄漏电流, leakage current, dòng điện rò",
    "search.go": "Search", "search.all": "All", "search.lang": "Language", "search.body": "Body",
    "search.standard": "Standard", "search.mode": "Mode", "search.more": "More results",
    "search.none": "No clauses found.", "search.restored": "Searched for: ", "search.counterparts": "Counterparts",
    "search.sameRequirement": "The same requirement in other standards",
    "search.hide": "Hide", "search.kw": "keyword #{n}", "search.vec": "vector #{n}", "search.sim": "similarity {n}",
    "standards.title": "Standards in the index", "standards.clauses": "clauses",
    "standard.adopts": "Adopts", "standard.counterparts": "Counterparts in the index",
    "standard.alignWith": "Align with", "standard.matrix": "Harmonisation matrix",
    "standard.clauses": "Clauses", "standard.ics": "ICS", "standard.body": "Body",
    "standard.year": "Year", "standard.lang": "Language", "standard.none": "none",
    "align.left": "Left", "align.right": "Right", "align.go": "Align",
    "align.only": "Only differences", "align.export": "Export",
    "align.leftOnly": "only in left", "align.rightOnly": "only in right",
    "align.moved": "moved", "align.equivalent": "equivalent", "align.modified": "modified",
    "align.summary": "{pairs} aligned groups ({modified} modified), {lo} only in left, {ro} only in right",
    "align.pick": "Pick two standards.",
    "matrix.standard": "Standard", "matrix.go": "Show matrix", "matrix.key": "Clause",
    "matrix.aspect": "Aspect", "matrix.conflict": "Conflict", "matrix.onlyConflicts": "Only conflicts", "matrix.suggestion": "Suggestion",
    "check.have": "Certified to", "check.target": "Target market", "check.go": "Check",
    "check.none": "Nothing stricter, new or different.",
    "loading": "Loading…", "error": "Error",
    "kind.value": "value", "kind.unit-only": "unit only", "kind.strength": "strength",
    "kind.reference": "reference", "kind.added-text": "added text", "kind.removed-text": "removed text",
  },
  zh: {
    "nav.search": "检索", "nav.standards": "标准", "nav.align": "比对",
    "nav.matrix": "协调矩阵", "nav.check": "出口核查",
    "footer": "示例语料：为 stdalign 编写的示意性摘录，并非官方文本。",
    "search.placeholder": "用任何语言检索条款，例如 泄漏电流、leakage current、dòng điện rò",
    "search.go": "检索", "search.all": "全部", "search.lang": "语言", "search.body": "机构",
    "search.standard": "标准", "search.mode": "方式", "search.more": "更多结果",
    "search.none": "未找到条款。", "search.restored": "实际检索：", "search.counterparts": "对应条款",
    "search.sameRequirement": "其他标准中的相同要求",
    "search.hide": "收起", "search.kw": "关键词第{n}名", "search.vec": "向量第{n}名", "search.sim": "相似度 {n}",
    "standards.title": "索引中的标准", "standards.clauses": "条",
    "standard.adopts": "采用", "standard.counterparts": "索引中的对应标准",
    "standard.alignWith": "比对", "standard.matrix": "协调矩阵",
    "standard.clauses": "条款", "standard.ics": "ICS", "standard.body": "机构",
    "standard.year": "年份", "standard.lang": "语言", "standard.none": "无",
    "align.left": "左侧", "align.right": "右侧", "align.go": "比对",
    "align.only": "仅显示差异", "align.export": "导出",
    "align.leftOnly": "仅左侧有", "align.rightOnly": "仅右侧有",
    "align.moved": "位置移动", "align.equivalent": "等同", "align.modified": "修改",
    "align.summary": "{pairs} 组对应（{modified} 组有修改），仅左侧 {lo} 条，仅右侧 {ro} 条",
    "align.pick": "请选择两个标准。",
    "matrix.standard": "标准", "matrix.go": "显示矩阵", "matrix.key": "条款",
    "matrix.aspect": "方面", "matrix.conflict": "冲突", "matrix.onlyConflicts": "仅显示冲突", "matrix.suggestion": "建议",
    "check.have": "已认证标准", "check.target": "目标市场", "check.go": "核查",
    "check.none": "没有更严格、新增或不同的要求。",
    "loading": "加载中…", "error": "错误",
    "kind.value": "数值", "kind.unit-only": "仅单位", "kind.strength": "要求强度",
    "kind.reference": "引用标准", "kind.added-text": "新增内容", "kind.removed-text": "删除内容",
  },
};

let uiLang = localStorage.getItem("stdalign.lang") ||
  ((navigator.language || "en").toLowerCase().startsWith("zh") ? "zh" : "en");

/** A UI string, with {name} placeholders filled from `vars`. */
function t(key, vars) {
  let s = (STRINGS[uiLang] && STRINGS[uiLang][key]) || STRINGS.en[key] || key;
  for (const [k, v] of Object.entries(vars || {})) s = s.split("{" + k + "}").join(String(v));
  return s;
}

function applyStaticStrings() {
  document.documentElement.lang = uiLang === "zh" ? "zh-CN" : "en";
  document.querySelectorAll("[data-i18n]").forEach((el) => { el.textContent = t(el.dataset.i18n); });
  document.getElementById("lang-switch").textContent = uiLang === "zh" ? "English" : "中文";
}
