/** What search knows of a record: its updated_at and whether it is gone; null for "never existed". */
export type SearchState = { updatedAt: number; removed: boolean } | null;

/** Told after a record changes, with its search state just before the change. */
export type ChangeListener = (index: number, before: SearchState) => void;
