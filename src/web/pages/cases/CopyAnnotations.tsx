import { useTranslation } from 'react-i18next';
import { AnnotationSvg, type Shape } from './Annotations';
import { useLocale } from './shared';
import '../../i18n/copy-annotations';
import './copy-annotations.css';

/*
 * Annotations on the backup workstation's read-only copy (issue 19 "Exports and prints may include
 * them"): the copy has each image's layer with the case, drawn read-only over the thumbnails, shown
 * by default and so printed, with a toggle and a legend that says so.
 */

/** What the case page shows of the layers: by media id, and whether they are shown. */
export interface GalleryAnnotations {
  shapes: ReadonlyMap<string, readonly Shape[]>;
  visible: boolean;
}

/** The layers of a case answer by media id (only images with shapes). */
export function annotationsByMedia(layers: readonly { mediaId: string; shapes: readonly Shape[] }[] | undefined): Map<string, readonly Shape[]> {
  return new Map((layers ?? []).filter((l) => l.shapes.length > 0).map((l) => [String(l.mediaId), l.shapes]));
}

/**
 * The layer over a thumbnail that is laid out with `object-fit: contain`: an outer SVG of the
 * image's proportions, centred the same way ("meet"), holds the layer. Lines and labels are sized
 * to the image (not to the screen), so they keep their proportion on screen and on paper.
 */
export function ThumbnailAnnotations({ shapes, width, height }: { shapes: readonly Shape[]; width: number | null | undefined; height: number | null | undefined }) {
  const locale = useLocale();
  if (!width || !height || shapes.length === 0) return null;
  return (
    <svg className="thumb-annotations" viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="xMidYMid meet" aria-hidden="true" focusable="false">
      <AnnotationSvg shapes={shapes} width={width} height={height} pxPerUnit={Math.max(width, height) / 240} locale={locale} />
    </svg>
  );
}

/** The show/hide toggle and the legend (printed) of the copy's case page; nothing when no image has annotations. */
export function CopyAnnotationControls({ count, visible, onToggle }: { count: number; visible: boolean; onToggle(visible: boolean): void }) {
  const { t } = useTranslation();
  if (count === 0) return null;
  return (
    <div className="copy-annotations">
      <button type="button" className="button-secondary button-small" onClick={() => onToggle(!visible)}>
        {visible ? t('copyAnnotations.hide') : t('copyAnnotations.show')}
      </button>
      <p className="copy-annotations-legend" data-testid="annotation-legend">
        {visible ? t('copyAnnotations.legendShown', { count }) : t('copyAnnotations.legendHidden', { count })}
      </p>
    </div>
  );
}
