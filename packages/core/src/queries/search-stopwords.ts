/**
 * English function words a search ignores when they stand alone: they occur in nearly every
 * conversation, so ranking on them only adds noise (and, required, they made natural questions
 * match nothing). The list is NLTK's English stopwords (Apache 2.0), which already holds the
 * fragments the tokenizer leaves of contractions (`can't` -> `can` `t`), plus a few modal verbs
 * (cannot, could, would, may, might, must, shall) and also, get, got, us. Inside a "quoted phrase" or before a `*`
 * they are kept: the user asked for them.
 */
export const STOPWORDS: ReadonlySet<string> = new Set(
  `i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her
  hers herself it its itself they them their theirs themselves what which who whom this that these those
  am is are was were be been being have has had having do does did doing a an the and but if or because
  as until while of at by for with about against between into through during before after above below to
  from up down in out on off over under again further then once here there when where why how all any
  both each few more most other some such no nor not only own same so than too very s t can will just
  don should now d ll m o re ve y ain aren couldn didn doesn hadn hasn haven isn ma mightn mustn needn
  shan shouldn wasn weren won wouldn cannot could would shall may might must also get got us`
    .split(/\s+/u)
    .filter((word) => word.length > 0),
);
