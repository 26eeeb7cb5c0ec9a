import { createHash } from 'node:crypto';
import dcmjs from 'dcmjs';

/*
 * DICOM instances of a case's pictures and videos (issue 15, I3), written by dcmjs: no DICOM is
 * encoded by hand here, only the data set's attributes are chosen.
 *
 * - A picture is a VL Photographic Image (PS3.3 A.33.4) with its JPEG baseline bytes encapsulated
 *   (transfer syntax 1.2.840.10008.1.2.4.50), YBR_FULL_422 for colour, MONOCHROME2 for grey.
 * - A video is a Video Photographic Image (A.32.7) holding the H.264 High Profile / Level 4.1 MP4
 *   stream in one fragment (transfer syntax 1.2.840.10008.1.2.4.102), YBR_PARTIAL_420.
 * Both are modality XC (external-camera photography) with the anatomic region "Entire body": Kasus
 * keeps no coded body site, and with a region given Laterality is not needed (dciodvfy checks both).
 */

export const SOP_CLASS = {
  vlPhotographic: '1.2.840.10008.5.1.4.1.1.77.1.4',
  videoPhotographic: '1.2.840.10008.5.1.4.1.1.77.1.4.1',
} as const;

export const TRANSFER_SYNTAX = {
  jpegBaseline: '1.2.840.10008.1.2.4.50',
  h264HighProfile41: '1.2.840.10008.1.2.4.102',
} as const;

/** UIDs under 2.25 (PS3.5 B.2): a UUID as a decimal number, here one made from a name, so the same name gives the same UID. */
export function uidFor(name: string): string {
  const bytes = createHash('sha256').update(`kasus:${name}`).digest().subarray(0, 16);
  // A name-based UUID: version 8 (custom), RFC 4122 variant.
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  return `2.25.${BigInt(`0x${bytes.toString('hex')}`).toString(10)}`;
}

/** The stable UIDs of a case's study, its two series and each instance: a resend replaces, never duplicates. */
export const caseUids = {
  study: (caseId: string) => uidFor(`study:${caseId}`),
  series: (caseId: string, kind: 'image' | 'video') => uidFor(`series:${caseId}:${kind}`),
  instance: (mediaId: string, sha256: string) => uidFor(`instance:${mediaId}:${sha256}`),
};

/** A DICOM DA, TM and the zone offset of an instant as the hospital's clocks showed it. */
export function dicomDateTime(at: Date, timeZone: string): { date: string; time: string; offset: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZoneName: 'longOffset' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const zone = /GMT([+-])(\d{2}):?(\d{2})?/.exec(parts['timeZoneName'] ?? '');
  const offset = zone ? `${zone[1]}${zone[2]}${zone[3] ?? '00'}` : '+0000';
  return { date: `${parts['year']}${parts['month']}${parts['day']}`, time: `${parts['hour']}${parts['minute']}${parts['second']}`, offset };
}

export interface DicomPatient {
  /** The normalised national identifier. */
  id: string;
  /** The identifier system's OID (Issuer of Patient ID), when known. */
  issuerOid: string | null;
  /** Kasus keeps no names: empty (Type 2) unless one is known. */
  name: string;
  /** YYYYMMDD, when the identifier gives it. */
  birthDate: string;
  sex: 'F' | 'M' | '';
}

export interface DicomStudy {
  uid: string;
  /** Study ID (SH, at most 16 characters): the case's short id. */
  id: string;
  at: Date;
  description: string;
  /** The department: Institution Name and Institutional Department Name. */
  institution: string;
  departmentCode: string;
}

export interface DicomInstanceCommon {
  patient: DicomPatient;
  study: DicomStudy;
  seriesUid: string;
  seriesNumber: number;
  seriesDescription: string;
  sopInstanceUid: string;
  instanceNumber: number;
  acquiredAt: Date;
  caption: string | null;
  timeZone: string;
}

/** An encapsulated JPEG baseline picture (from sharp, no metadata). */
export interface PhotographicInput extends DicomInstanceCommon {
  jpeg: Buffer;
  width: number;
  height: number;
  channels: 1 | 3;
}

/** An H.264 High Profile / Level 4.1 MP4 (from ffmpeg, no audio, no metadata). */
export interface VideoInput extends DicomInstanceCommon {
  mp4: Buffer;
  width: number;
  height: number;
  frames: number;
  /** Milliseconds per frame. */
  frameTimeMs: number;
}

const IMPLEMENTATION_CLASS_UID = uidFor('implementation:kasus');

/** Exactly the bytes of the buffer, as dcmjs wants pixel data. */
const arrayBufferOf = (b: Buffer): ArrayBuffer => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

/** Decimal string (DS) of at most 16 characters. */
const ds = (n: number) => String(Number(n.toPrecision(8)));

function commonAttributes(input: DicomInstanceCommon, sopClassUid: string): Record<string, unknown> {
  const study = dicomDateTime(input.study.at, input.timeZone);
  const acquired = dicomDateTime(input.acquiredAt, input.timeZone);
  const { patient } = input;
  return {
    SpecificCharacterSet: 'ISO_IR 192',
    ImageType: ['ORIGINAL', 'PRIMARY'],
    SOPClassUID: sopClassUid,
    SOPInstanceUID: input.sopInstanceUid,
    StudyDate: study.date,
    StudyTime: study.time,
    ContentDate: acquired.date,
    ContentTime: acquired.time,
    AcquisitionDateTime: `${acquired.date}${acquired.time}${acquired.offset}`,
    TimezoneOffsetFromUTC: acquired.offset,
    AccessionNumber: '',
    Modality: 'XC',
    Manufacturer: 'Kasus',
    InstitutionName: input.study.institution.slice(0, 64),
    InstitutionalDepartmentName: input.study.institution.slice(0, 64),
    StationName: input.study.departmentCode.slice(0, 16),
    ReferringPhysicianName: '',
    StudyDescription: input.study.description.slice(0, 64),
    SeriesDescription: input.seriesDescription.slice(0, 64),
    PatientName: patient.name,
    PatientID: patient.id,
    ...(patient.issuerOid
      ? {
          IssuerOfPatientID: patient.issuerOid,
          IssuerOfPatientIDQualifiersSequence: [{ UniversalEntityID: patient.issuerOid, UniversalEntityIDType: 'ISO' }],
        }
      : {}),
    PatientBirthDate: patient.birthDate,
    PatientSex: patient.sex,
    SoftwareVersions: 'Kasus',
    StudyInstanceUID: input.study.uid,
    SeriesInstanceUID: input.seriesUid,
    StudyID: input.study.id.slice(0, 16),
    SeriesNumber: String(input.seriesNumber),
    InstanceNumber: String(input.instanceNumber),
    PatientOrientation: '',
    ...(input.caption ? { ImageComments: input.caption.slice(0, 10240) } : {}),
    AnatomicRegionSequence: [{ CodeValue: '38266002', CodingSchemeDesignator: 'SCT', CodeMeaning: 'Entire body' }],
    AcquisitionContextSequence: [],
    BitsAllocated: 8,
    BitsStored: 8,
    HighBit: 7,
    PixelRepresentation: 0,
  };
}

function part10(dataset: Record<string, unknown>, sopClassUid: string, sopInstanceUid: string, transferSyntax: string): Buffer {
  const meta = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: sopClassUid,
    MediaStorageSOPInstanceUID: sopInstanceUid,
    TransferSyntaxUID: transferSyntax,
    ImplementationClassUID: IMPLEMENTATION_CLASS_UID,
    ImplementationVersionName: 'KASUS',
  };
  const { DicomDict, DicomMetaDictionary } = dcmjs.data;
  const file = new DicomDict(DicomMetaDictionary.denaturalizeDataset(meta));
  file.dict = DicomMetaDictionary.denaturalizeDataset({ ...dataset, _vrMap: { PixelData: 'OB' } });
  // One fragment per frame: the JPEG whole, and the video's stream whole (4.102 is not fragmentable).
  return Buffer.from(file.write({ fragmentMultiframe: false }));
}

/** A VL Photographic Image (DICOM Part 10 file bytes). */
export function photographicInstance(input: PhotographicInput): Buffer {
  const colour = input.channels === 3;
  const dataset = {
    ...commonAttributes(input, SOP_CLASS.vlPhotographic),
    SamplesPerPixel: input.channels,
    PhotometricInterpretation: colour ? 'YBR_FULL_422' : 'MONOCHROME2',
    ...(colour ? { PlanarConfiguration: 0 } : {}),
    Rows: input.height,
    Columns: input.width,
    LossyImageCompression: '01',
    LossyImageCompressionRatio: ds((input.width * input.height * input.channels) / input.jpeg.length),
    LossyImageCompressionMethod: 'ISO_10918_1',
    PixelData: [arrayBufferOf(input.jpeg)],
  };
  return part10(dataset, SOP_CLASS.vlPhotographic, input.sopInstanceUid, TRANSFER_SYNTAX.jpegBaseline);
}

/** A Video Photographic Image (DICOM Part 10 file bytes). */
export function videoInstance(input: VideoInput): Buffer {
  const dataset = {
    ...commonAttributes(input, SOP_CLASS.videoPhotographic),
    SamplesPerPixel: 3,
    PhotometricInterpretation: 'YBR_PARTIAL_420',
    PlanarConfiguration: 0,
    Rows: input.height,
    Columns: input.width,
    NumberOfFrames: String(input.frames),
    // (0018,1063) Frame Time: the frames are evenly spaced.
    FrameIncrementPointer: 0x00181063,
    FrameTime: ds(input.frameTimeMs),
    CineRate: String(Math.round(1000 / input.frameTimeMs)),
    RecommendedDisplayFrameRate: String(Math.round(1000 / input.frameTimeMs)),
    LossyImageCompression: '01',
    LossyImageCompressionMethod: 'ISO_14496_10',
    PixelData: [arrayBufferOf(input.mp4)],
  };
  return part10(dataset, SOP_CLASS.videoPhotographic, input.sopInstanceUid, TRANSFER_SYNTAX.h264HighProfile41);
}
