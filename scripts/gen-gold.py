#!/usr/bin/env python3
"""Writes tests/gold/align/*.json: the expected alignment of each GB document of the
sample corpus with each ASEAN counterpart, in the JSON shape of `stdalign align`
(pairs with their differences, left_only, right_only).

The deviations are the ones planted in the corpus (standards-corpus/AUTHORING.md §4);
the values are quoted exactly as the documents print them. Pairs of clauses with the
same key are generated from the documents themselves; the renumbered Thai documents
use the mappings below. tests/main.rs checks that every quoted value occurs in its
clause, so this file cannot drift from the corpus silently.
usage: python3 scripts/gen-gold.py"""
import json, os, re, html, xml.etree.ElementTree as ET

ROOT = os.path.join(os.path.dirname(__file__), '..')
CORPUS = os.path.join(ROOT, 'standards-corpus')
OUT = os.path.join(ROOT, 'tests', 'gold', 'align')
ANNEX_WORDS = ('Annex ', 'Phụ lục ', 'Lampiran ', 'ภาคผนวก ', '附录')

def keys(name):
    raw = open(os.path.join(CORPUS, name), encoding='utf-8').read()
    raw = re.sub(r'<!DOCTYPE[^>]*>', '', raw)
    keep = {'amp', 'lt', 'gt', 'quot', 'apos'}
    raw = re.sub(r'&([A-Za-z][A-Za-z0-9]*);', lambda m: m.group(0) if m.group(1) in keep else html.unescape(m.group(0)), raw)
    out = []
    for el in ET.fromstring(raw).iter():
        if el.tag in ('sec', 'term-sec', 'app'):
            lab = el.find('label')
            if lab is not None and (lab.text or '').strip():
                k = lab.text.strip()
                for w in ANNEX_WORDS:
                    if k.startswith(w):
                        k = k[len(w):].strip()
                out.append(k)
            elif el.get('id'):
                out.append(el.get('id'))
    return out

def d(kind, left, right, quantity=None, note=''):
    x = {'kind': kind, 'left': left, 'right': right}
    if quantity:
        x['quantity'] = quantity
    x['note'] = note
    return x

# (left file, right file, key map right->left or None, differences by left key,
#  left-only / right-only are derived from the keys)
H, A = 'gb-4706-1-2005.xml', 'gb-4943-1-2022.xml'
# GB 4943.1 itself deviates from IEC 62368-1: it cites GB 31241 where IEC cites
# IEC 62133-2 (its M.3 note says so). Counterparts that keep IEC 62133-2 differ there.
GB31241 = {k: [d('reference', 'GB 31241', 'IEC 62133-2', None, 'GB cites its national battery standard GB 31241 where the counterpart keeps IEC 62133-2')]
           for k in ('2', 'M.3')}
DOCS = [
    (H, 'tcvn-5699-1-2010.xml', None, {
        '13.2': [d('value', '0.75 mA', '0,5 mA', 'current', 'class I portable appliances: leakage current limit lowered')],
        '27.5': [d('unit-only', '0.1 Ω', '100 mΩ', 'resistance', 'same limit written in milliohms')],
        '7.12': [d('strength', '应', 'nên', None, 'supervision of children: shall became should')],
        '25.8': [d('value', '1.0 mm²', '1,5 mm²', 'area', 'cords for more than 6 A up to 10 A: larger cross-section')],
    }),
    ('gb-4706-1-2005.xml', 'tis-60335-1-2563.xml', {'ก': 'A', 'ก.1': 'A.1', 'ก.2': 'A.2', 'ก.3': 'A.3'}, {
        '5.1': [d('value', '20 °C ± 5 °C', '27 °C ± 5 °C', 'temperature', 'tropical ambient temperature for tests')],
        '15.3': [d('value', '48 h', '168 h', 'time', 'humidity treatment lengthened to 7 days')],
        '13.3': [d('unit-only', '1 750 V', '1.75 kV', 'voltage', 'supplementary insulation test voltage written in kV')],
        '21.1': [d('strength', '应', 'ควร', None, 'mechanical strength: shall became should')],
        '25.7': [d('reference', 'GB/T 5023.5', 'มอก. 11 เล่ม 101', None, 'PVC cords to the Thai standard instead of IEC 60227-5 / GB/T 5023.5')],
    }),
    (H, 'sni-iec-60335-1-2009.xml', None, {
        '16.3': [d('value', '1 250 V', '1 000 V', 'voltage', 'basic insulation test voltage after humidity treatment')],
        '7.14': [d('value', '15 s', '30 s', 'time', 'rubbing with water lengthened')],
        '30.1': [d('unit-only', '75 °C ± 2 °C', '348 K ± 2 K', 'temperature', 'ball-pressure temperature written in kelvin')],
        '20.1': [d('strength', '应', 'sebaiknya', None, 'stability: shall not overturn became should not')],
        '7.1': [d('added-text', None, 'nomor registrasi SNI atau tanda SNI', None, 'SNI registration number or mark required')],
    }),
    (H, 'ms-iec-60335-1-2012.xml', None, {
        '13.2': [d('value', '3.5 mA', '2.5 mA', 'current', 'class I stationary motor-operated appliances: limit lowered')],
        '5.2': [d('value', '0.94', '0.9', 'ratio', 'lower bound of test supply voltage'),
                d('value', '1.06', '1.1', 'ratio', 'upper bound of test supply voltage')],
        '30.2': [d('value', '550 °C', '650 °C', 'temperature', 'glow-wire temperature for external parts raised')],
        'A.2': [d('unit-only', '0.2 Ω', '200 mΩ', 'resistance', 'same routine-test limit written in milliohms')],
        '19.1': [d('strength', '应', 'sebaiknya', None, 'abnormal operation: shall became should')],
    }),
    (A, 'tcvn-12670-1-2019.xml', None, {
        '5.7.3': [d('value', '3.5 mA', '5 mA', 'current', 'protective conductor current of pluggable equipment type A raised')],
        '10.6': [d('value', '100 dB(A)', '85 dB(A)', 'sound level', 'acoustic output limit of personal music players lowered'),
                 d('value', '85 dB(A)', '80 dB(A)', 'sound level', 'warning threshold lowered')],
        '5.4.9': [d('unit-only', '3 000 V', '3 kV', 'voltage', 'reinforced insulation test voltage written in kV')],
        '8.7': [d('strength', '应', 'nên', None, 'wall and ceiling mounting: shall became should')],
        **GB31241,
    }),
    (A, 'tis-62368-1-2564.xml', {
        'foreword': ['foreword'], '1': ['1'], '2': ['2'], '3': ['3'],
        **{f'3.{i}': [f'3.{i}'] for i in range(1, 8)},
        '4': ['4', '4.1', '4.4'], '5': ['5'], '5.1': ['5.2', '5.2.2'], '5.2': ['5.3'],
        '5.3': ['5.4', '5.4.9'], '5.4': ['5.6', '5.6.6'], '5.5': ['5.7', '5.7.3'],
        '6': ['6'], '6.1': ['6.2'], '6.2': ['6.4', '6.4.8'], '7': ['7', '7.2'], '8': ['8', '8.2'],
        '8.1': ['8.6', '8.6.2'], '8.2': ['8.7'], '9': ['9', '9.3'], '10': ['10', '10.2'],
        '10.1': ['10.5'], '10.2': ['10.6'], '11': ['F', 'F.1'], '11.1': ['F.3'], '11.2': ['F.4'],
        '11.3': ['F.5'], 'ก': ['M', 'M.1'], 'ก.1': ['M.3'],
    }, {
        '6.4.8': [d('value', '3 mm', '2 mm', 'length', 'largest bottom opening of the fire enclosure reduced')],
        '9.3': [d('value', '59 °C', '55 °C', 'temperature', 'plastic handles held continuously: limit lowered')],
        '5.6.6': [d('unit-only', '2 min', '120 s', 'time', 'bonding test duration written in seconds')],
        **GB31241,
    }),
    (A, 'sni-iec-62368-1-2014.xml', None, {
        '6.2': [d('value', '15 W', '10 W', 'power', 'PS1 limit lowered')],
        '8.6.2': [d('value', '7 kg', '10 kg', 'mass', 'static stability applies from a higher mass')],
        '5.6.6': [d('unit-only', '2 min', '120 s', 'time', 'bonding test duration written in seconds')],
        '7.2': [d('strength', '应', 'sebaiknya', None, 'hazardous substances: shall became should')],
        '2': [d('reference', 'GB 31241', 'SNI IEC 62133-2:2017', None, 'lithium batteries to the national adoption of IEC 62133-2 instead of GB 31241')],
        'M.3': [d('reference', 'GB 31241', 'SNI IEC 62133-2:2017', None, 'lithium batteries to the national adoption of IEC 62133-2 instead of GB 31241')],
    }),
    (A, 'pns-iec-62368-1-2021.xml', None, {
        '9.3': [d('value', '60 °C', '55 °C', 'temperature', 'metal surfaces touched briefly: limit lowered')],
        '10.5': [d('unit-only', '1 µSv/h', '0.001 mSv/h', 'dose rate', 'same X-radiation limit written in mSv/h')],
        'F.5': [d('value', '5 mm', '7 mm', 'length', 'minimum height of the safety symbol raised')],
        'F.4': [d('strength', '应', 'should', None, 'restricted access location statement: shall became should')],
        'F.3': [d('added-text', None, 'Philippine Standard (PS) certification mark', None, 'PS or ICC mark required')],
        **GB31241,
    }),
]

def reference(name):
    raw = open(os.path.join(CORPUS, name), encoding='utf-8').read()
    return re.search(r'<std-ref type="dated">([^<]+)</std-ref>', raw).group(1).strip()

os.makedirs(OUT, exist_ok=True)
for left, right, mapping, diffs in DOCS:
    lk, rk = keys(left), keys(right)
    pairs, used_left, used_right = [], set(), set()
    if mapping and all(isinstance(v, list) for v in mapping.values()):
        groups = [(mapping[r], [r]) for r in rk if r in mapping]
    else:
        to_left = mapping or {}
        groups = [([to_left.get(r, r)], [r]) for r in rk if to_left.get(r, r) in lk]
    for lkeys, rkeys in groups:
        ds = [x for k in lkeys for x in diffs.get(k, [])]
        pairs.append({'left': lkeys, 'right': rkeys,
                      'relation': 'modified' if ds else 'equivalent', 'differences': ds})
        used_left.update(lkeys); used_right.update(rkeys)
    missing = [k for k in diffs if k not in used_left]
    assert not missing, (right, missing)
    gold = {'left': reference(left), 'right': reference(right), 'pairs': pairs,
            'left_only': [k for k in lk if k not in used_left],
            'right_only': [k for k in rk if k not in used_right]}
    path = os.path.join(OUT, right.replace('.xml', '.json'))
    with open(path, 'w', encoding='utf-8') as f:
        json.dump(gold, f, ensure_ascii=False, indent=1)
        f.write('\n')
    print(path, len(pairs), 'pairs', gold['left_only'], gold['right_only'])
