import { Inject, Injectable } from '@nestjs/common';
import { existsSync } from 'fs';
import { chromium } from 'playwright-core';
import { AppException } from '@dibao/platform';
import { REPORT_SOURCES, ReportSources } from './reports.tokens';

/** Chromium's flags that work on this kind of machine (root, no GPU, small /dev/shm). */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'];

/** Prints HTML to PDF with Debian's headless Chromium (`page.pdf`). */
@Injectable()
export class PdfService {
  constructor(@Inject(REPORT_SOURCES) private readonly sources: ReportSources) {}

  async print(html: string): Promise<Buffer> {
    if (!existsSync(this.sources.chromiumPath)) {
      throw new AppException(
        501,
        'pdf-unavailable',
        `PDF export needs Chromium at ${this.sources.chromiumPath} (Debian package "chromium": apt-get install -y chromium; or set CHROMIUM_PATH); the HTML report works without it`,
      );
    }
    const browser = await chromium.launch({ executablePath: this.sources.chromiumPath, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage();
      await page.setContent(html, { waitUntil: 'load' });
      return await page.pdf({ format: 'A4', printBackground: true, margin: { top: '15mm', bottom: '15mm', left: '12mm', right: '12mm' } });
    } finally {
      await browser.close();
    }
  }
}
