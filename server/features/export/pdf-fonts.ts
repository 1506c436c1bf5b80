import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The PDF export's fonts: DejaVu (from the `dejavu-fonts-ttf` package), whose
 * glyphs cover Latin, Greek and Cyrillic with their accents, so a learner's
 * name or quote prints as written rather than as PDF's built-in Helvetica,
 * which knows only Latin-1. Found through the package's own location, so the
 * export works wherever node_modules is.
 */
export type PdfFont = 'regular' | 'bold' | 'italic' | 'boldItalic' | 'mono';

const files: Record<PdfFont, string> = {
  regular: 'DejaVuSans.ttf',
  bold: 'DejaVuSans-Bold.ttf',
  italic: 'DejaVuSans-Oblique.ttf',
  boldItalic: 'DejaVuSans-BoldOblique.ttf',
  mono: 'DejaVuSansMono.ttf',
};

let folder: string | null = null;

/** The path of one of the fonts' TrueType files. */
export function pdfFontPath(font: PdfFont): string {
  folder ??= join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  return join(folder, files[font]);
}

export const pdfFonts = Object.keys(files) as PdfFont[];
