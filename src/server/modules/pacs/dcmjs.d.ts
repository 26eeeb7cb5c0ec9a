// The little of dcmjs 0.51 (which ships no types) that the DICOM export uses.
declare module 'dcmjs' {
  /** A naturalized data set: keywords as keys ("PatientID"), sequences as arrays of data sets. */
  type NaturalDataset = Record<string, unknown>;
  interface DicomDictInstance {
    dict: Record<string, unknown>;
    meta: Record<string, unknown>;
    write(options?: { fragmentMultiframe?: boolean; allowInvalidVRLength?: boolean }): ArrayBuffer;
  }
  const dcmjs: {
    data: {
      DicomDict: new (meta: Record<string, unknown>) => DicomDictInstance;
      DicomMessage: {
        readFile(buffer: ArrayBuffer, options?: Record<string, unknown>): DicomDictInstance;
      };
      DicomMetaDictionary: {
        denaturalizeDataset(dataset: NaturalDataset): Record<string, unknown>;
        naturalizeDataset(dataset: Record<string, unknown>): NaturalDataset;
      };
    };
  };
  export default dcmjs;
}
