import type { AcsRequest, CpeResponse, Fault, OpResultStruct, UnknownRpc } from '../cwmp/types';

export type TaskStatus = 'queued' | 'sent' | 'done' | 'fault' | 'timed-out' | 'cancelled';

/** A "raw" task sends hand-written XML as-is (negative testing). */
export interface RawRequest {
  name: 'Raw';
  xml: string;
}

/**
 * What the ACS asks next, in the same session, when a GetParameterNames succeeds: the values (and the
 * attributes) of what it returned. One tree read is then one session and one connection request.
 */
export type ReadFollowUp = 'values' | 'values-and-attributes';

export interface TaskInfo {
  id: string;
  deviceId: string;
  rpc: AcsRequest | RawRequest;
  status: TaskStatus;
  createdAt: number;
  sentAt?: number;
  finishedAt?: number;
  /** The cwmp:ID the request went out with. */
  cwmpId?: string;
  /**
   * The decoded response (in the shape `decode` prints), once it arrived. For a Download or Upload
   * answered with status 1, and for every ScheduleDownload, it is set while the task still waits
   * (status `sent`) for its TransferComplete.
   */
  result?: CpeResponse | UnknownRpc;
  fault?: Fault;
  /** Why it timed out, faulted or was cancelled, or a note such as "Waiting for TransferComplete …". */
  message?: string;
  /** For Download, Upload and ScheduleDownload: the TransferComplete that finished it. */
  transferComplete?: { faultCode: number; faultString: string; startTime: string; completeTime: string };
  /** For ChangeDUState: the DUStateChangeComplete with its CommandKey (possibly from a later session). */
  duStateChangeComplete?: { results: OpResultStruct[]; receivedAt: number };
  /** For GetParameterNames: the follow-up asked for, and the tasks it queued once the names came. */
  followUp?: ReadFollowUp;
  followUpTaskIds?: string[];
  /** For a follow-up: the GetParameterNames task that queued it. */
  parentTaskId?: string;
}
