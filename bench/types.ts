/** One line of `npm run bench`: a figure, its same-run baseline, and their ratio. */
export interface BenchLine {
  name: string;
  value: number;
  unit: string;
  baseline?: number;
  /** value / baseline, or as the line's note says. */
  ratio?: number;
  note?: string;
}

export type BenchModule = { run(): Promise<BenchLine[]> };
