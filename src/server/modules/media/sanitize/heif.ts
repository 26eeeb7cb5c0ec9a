import sharp from 'sharp';

/**
 * Whether the bundled libvips/libheif can decode HEVC-coded HEIF ("HEIC", as iPhones write). sharp's prebuilt
 * binaries ship libheif with the AV1 decoder only, so usually not. Read from the loader's registered file suffixes:
 * no image is decoded to find out.
 */
export function canDecodeHevc(): boolean {
  const suffixes = sharp.format.heif?.input.fileSuffix ?? [];
  return suffixes.includes('.heic') || suffixes.includes('.heif');
}
