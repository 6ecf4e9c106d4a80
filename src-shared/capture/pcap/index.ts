/** Packet captures (pcap, pcapng): import into exchanges and export as pcapng. Platform-free. */
export { importPacketCapture, isPacketCapture, readPacketFile, TLS_ADVICE, type PacketImport, type PacketImportOptions, type EncryptedConnection } from './to-exchanges';
export type { RawPacket, PacketFile } from './packets';
export { LINKTYPE } from './link-layer';
export { exchangesToPcapng, type PcapngExportOptions } from './from-exchanges';
export { PcapngWriter } from './pcapng-writer';
export { tcpIpPacket, ethernetFrame, ethernetTcpFrame } from './frames';
