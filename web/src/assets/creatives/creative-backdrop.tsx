// The creative itself behind the ad preview's text: the video's poster frame or the image. Nothing when
// the creative has no file (an imported account's creative, say) or its previews could not be made.
import { useCreativeAsset } from '../../api/creatives.ts';
import './creatives.css';

export function CreativeBackdrop({ advertiserId, creativeId }: { advertiserId: string; creativeId: string }) {
  const asset = useCreativeAsset(advertiserId, creativeId).data;
  const src = asset?.poster_url ?? (asset?.kind === 'image' ? asset.file_url : asset?.thumbnail_url);
  return src ? <img className="cr-phone-backdrop" src={src} alt="" data-testid="preview-poster" /> : null;
}
