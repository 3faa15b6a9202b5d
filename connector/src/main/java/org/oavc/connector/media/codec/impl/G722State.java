package org.oavc.connector.media.codec.impl;

/** What each G.722 direction keeps: its QMF and the ADPCM state of both sub-bands. */
abstract class G722State {
  final G722Qmf qmf = new G722Qmf();
  final G722Band low = new G722Band(true);
  final G722Band high = new G722Band(false);

  void reset() {
    qmf.reset();
    low.reset();
    high.reset();
  }
}
