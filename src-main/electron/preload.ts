import { contextBridge } from 'electron';
contextBridge.exposeInMainWorld('cwmp', {});
